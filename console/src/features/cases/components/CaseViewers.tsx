import { Tag } from 'antd';
import { useMessages } from '../../../lib/messages';
import type { NamedViewer } from '../hooks/use-case-viewers';
import { CASE_VIEW_MESSAGES } from '../messages';

/** Who else has this case open now, the one editing it marked (nothing when one is alone). */
export function CaseViewers({ others }: { others: readonly NamedViewer[] }) {
  const m = useMessages(CASE_VIEW_MESSAGES);
  if (others.length === 0) return null;
  return (
    <div className="case-viewers" role="status" aria-label={m('viewersTitle')}>
      <span className="muted">{m('viewersTitle')}</span>
      {others.map((v) => {
        const name = v.displayName ?? m('someoneElse');
        return (
          <Tag key={v.userId} color={v.editing ? 'orange' : undefined}>
            {v.editing ? m('viewerEditing', { name }) : name}
          </Tag>
        );
      })}
    </div>
  );
}
