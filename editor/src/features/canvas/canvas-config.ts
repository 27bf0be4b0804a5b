/** Snap grid of the canvas, also the step palette additions are nudged by. */
export const GRID: [number, number] = [20, 20];
/**
 * Above this many nodes the mini map starts hidden (a button shows it): redrawing it on every frame cost a
 * 300-node graph about a fifth of its panning frame rate.
 */
export const MINIMAP_NODE_LIMIT = 150;
/**
 * Below this zoom a node's text is under ~5 px, unreadable: nodes draw as plain boxes in their category
 * colour (no text, shadow or rounded corners). Rasterising 300 shadowed, rounded, lettered boxes on every
 * frame of a pan was most of its cost on a 300-node graph.
 */
export const FAR_ZOOM = 0.4;
/** What a palette item carries when dragged onto the canvas. */
export const DRAG_TYPE = 'application/x-legflow-node';
