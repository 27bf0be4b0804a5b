import { Background, useStore } from '@xyflow/react';
import { GRID } from './canvas-config.ts';

/** Below this zoom the grid's dots would be a few pixels apart: noise to look at and costly to redraw on every pan. */
const MIN_ZOOM_FOR_GRID = 0.5;

/** The snapping grid as dots, shown only where it helps (zoomed in far enough to place nodes by it). */
export function GridBackground() {
  const shown = useStore((s) => s.transform[2] >= MIN_ZOOM_FOR_GRID);
  return shown ? <Background gap={GRID} /> : null;
}
