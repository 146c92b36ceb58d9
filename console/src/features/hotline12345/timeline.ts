import {
  FEEDBACK_STEPS,
  FEEDBACK_STEP_LABEL,
  SATISFACTIONS,
  SATISFACTION_LABEL,
  type FeedbackStep,
  type Language,
  type Satisfaction,
  type TCaseEvent,
} from '@hutong/shared';
import { formatLabel } from '../../lib/messages';
import { HOTLINE12345_MESSAGES } from './messages';

const isStep = (v: unknown): v is FeedbackStep =>
  typeof v === 'string' && (FEEDBACK_STEPS as readonly string[]).includes(v);
const isSatisfaction = (v: unknown): v is Satisfaction =>
  typeof v === 'string' && (SATISFACTIONS as readonly string[]).includes(v);

/** The plain-words lines of a 12345 timeline entry: which order, which step, urges, rating. */
export function describe12345Event(event: TCaseEvent, language: Language): string[] {
  if (!event.type.startsWith('hotline12345_')) return [];
  const d = event.data;
  const m = (key: keyof typeof HOTLINE12345_MESSAGES, values?: Record<string, string>) =>
    formatLabel(HOTLINE12345_MESSAGES[key], language, values);
  const out: string[] = [];
  if (typeof d.orderNumber === 'string') out.push(m('timeline.order', { number: d.orderNumber }));
  if (event.type === 'hotline12345_answered' && isStep(d.step))
    out.push(m('timeline.answered', { step: FEEDBACK_STEP_LABEL[d.step][language] }));
  if (event.type === 'hotline12345_urged' && typeof d.urges === 'number')
    out.push(m('timeline.urges', { count: String(d.urges) }));
  if (event.type === 'hotline12345_rated' && isSatisfaction(d.satisfaction))
    out.push(m('timeline.rating', { rating: SATISFACTION_LABEL[d.satisfaction][language] }));
  return out;
}
