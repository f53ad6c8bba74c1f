/**
 * Dragging a board card with a finger or a pen (pointer events): HTML drag and drop answers only a
 * mouse on phones. The card's grip takes the pointer (touch-action: none there, so the page still
 * scrolls anywhere else); the card follows the finger, the column under it is marked, the window
 * scrolls while the finger is near its top or bottom edge, and lifting the finger drops the card.
 */
const EDGE = 60;

export interface TouchDragHandlers {
  /** The column's stage under the finger, or null (for the highlight). */
  onOver: (stage: string | null) => void;
  onDrop: (id: string, stage: string) => void;
}

export function startTouchDrag(e: React.PointerEvent<HTMLElement>, id: string, handlers: TouchDragHandlers): void {
  if (e.pointerType === 'mouse') return; // a mouse drags with HTML drag and drop
  const grip = e.currentTarget;
  const card = grip.closest<HTMLElement>('.opp');
  if (!card) return;
  e.preventDefault();
  grip.setPointerCapture(e.pointerId);
  const start = { x: e.clientX, y: e.clientY, scroll: window.scrollY };
  let last = { x: e.clientX, y: e.clientY };
  let stage: string | null = null;
  let frame = 0;
  card.classList.add('touch-dragging');

  const stageAt = (x: number, y: number) => {
    const under = document.elementsFromPoint(x, y).find((el) => !card.contains(el) && el.closest('.column[data-stage]'));
    return under?.closest<HTMLElement>('.column[data-stage]')?.dataset.stage ?? null;
  };
  const follow = () => {
    card.style.transform = `translate(${last.x - start.x}px, ${last.y - start.y + window.scrollY - start.scroll}px)`;
    const next = stageAt(last.x, last.y);
    if (next !== stage) { stage = next; handlers.onOver(stage); }
  };
  // While the finger rests near an edge the window keeps scrolling (a column out of view comes to it).
  const tick = () => {
    if (last.y < EDGE) window.scrollBy(0, -20);
    else if (last.y > window.innerHeight - EDGE) window.scrollBy(0, 20);
    follow();
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);

  const move = (ev: PointerEvent) => { if (ev.pointerId === e.pointerId) { last = { x: ev.clientX, y: ev.clientY }; follow(); } };
  const end = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    cancelAnimationFrame(frame);
    grip.removeEventListener('pointermove', move);
    grip.removeEventListener('pointerup', end);
    grip.removeEventListener('pointercancel', end);
    card.classList.remove('touch-dragging');
    card.style.transform = '';
    handlers.onOver(null);
    const target = ev.type === 'pointerup' ? stageAt(ev.clientX, ev.clientY) : null;
    if (target) handlers.onDrop(id, target);
  };
  grip.addEventListener('pointermove', move);
  grip.addEventListener('pointerup', end);
  grip.addEventListener('pointercancel', end);
}
