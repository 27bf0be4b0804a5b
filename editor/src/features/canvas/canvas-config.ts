/** Snap grid of the canvas, also the step palette additions are nudged by. */
export const GRID: [number, number] = [20, 20];
/** What a palette item carries when dragged onto the canvas. */
export const DRAG_TYPE = 'application/x-legflow-node';
