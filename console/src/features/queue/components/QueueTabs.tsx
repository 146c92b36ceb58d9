import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useMessages } from '../../../lib/messages';
import { QUEUE_MESSAGES } from '../messages';
import { QUEUE_VIEWS } from '../queue-views';
import type { QueueView } from '../queue-views';

/** The id of a view's tab, for the tab panel's `aria-labelledby`. */
export function queueTabId(idBase: string, view: QueueView): string {
  return `${idBase}-tab-${view}`;
}

/**
 * Mine / Unclaimed / All with their counts: a WAI-ARIA tab list with a roving tabindex, so Tab
 * reaches the selected tab and the arrow keys (Home, End) move and select.
 */
export function QueueTabs({
  idBase,
  panelId,
  selected,
  counts,
  onSelect,
}: {
  idBase: string;
  panelId: string;
  selected: QueueView;
  counts: Record<QueueView, number>;
  onSelect: (view: QueueView) => void;
}) {
  const m = useMessages(QUEUE_MESSAGES);
  const tabs = useRef(new Map<QueueView, HTMLButtonElement>());

  const moveTo = (view: QueueView) => {
    onSelect(view);
    tabs.current.get(view)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = QUEUE_VIEWS.indexOf(selected);
    const last = QUEUE_VIEWS.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index === last ? 0 : index + 1;
        break;
      case 'ArrowLeft':
        next = index === 0 ? last : index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    moveTo(QUEUE_VIEWS[next]!);
  };

  return (
    <div className="queue-tabs" role="tablist" aria-label={m('tabsLabel')}>
      {QUEUE_VIEWS.map((view) => (
        <button
          key={view}
          ref={(element) => {
            if (element) tabs.current.set(view, element);
            else tabs.current.delete(view);
          }}
          type="button"
          role="tab"
          id={queueTabId(idBase, view)}
          className="queue-tabs__tab"
          aria-selected={view === selected}
          aria-controls={panelId}
          tabIndex={view === selected ? 0 : -1}
          onClick={() => onSelect(view)}
          onKeyDown={onKeyDown}
        >
          {m(`tab.${view}`)} <span className="queue-tabs__count">{counts[view]}</span>
        </button>
      ))}
    </div>
  );
}
