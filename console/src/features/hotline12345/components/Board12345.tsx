import type { TDutyBoard } from '@hutong/shared';
import { useMessages } from '../../../lib/messages';
import { HOTLINE12345_MESSAGES } from '../messages';

/** The duty board's 12345 line: open work orders, how many 12345 urged, how many are late. */
export function Board12345({ figures }: { figures: TDutyBoard['hotline12345'] }) {
  const m = useMessages(HOTLINE12345_MESSAGES);
  if (!figures || figures.open === 0) return null;
  return (
    <p className={figures.urged > 0 || figures.overdue > 0 ? 'board__alert' : undefined}>
      {m('board.open', { count: String(figures.open) })}
      {figures.urged > 0 && ` · ${m('board.urged', { count: String(figures.urged) })}`}
      {figures.overdue > 0 && ` · ${m('board.overdue', { count: String(figures.overdue) })}`}
    </p>
  );
}
