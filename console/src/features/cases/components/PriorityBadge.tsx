import { PRIORITY_META } from '@hutong/shared';
import type { Priority } from '@hutong/shared';
import { priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';

/** P1–P4 as colour plus words (`P1 Red · urgent`): colour is never the only cue. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const [language] = useLanguage();
  return (
    <span className={`priority priority--${PRIORITY_META[priority].colour}`}>
      <span className="priority__code">{priority}</span> {priorityLabel(priority, language)}
    </span>
  );
}
