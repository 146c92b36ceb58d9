import type {
  FeedbackStep,
  Satisfaction,
  THotline12345Message,
  THotline12345OrderView,
} from '@hutong/shared';
import { openText } from '../privacy/case-content.js';
import type { MessageRow, OrderRow } from './hotline12345.repository.js';

type OrderStatus = THotline12345OrderView['status'];
type MessageStatus = THotline12345Message['status'];

/** An order with its messages, as the case view's 12345 panel shows it (text decrypted). */
export function presentOrder(order: OrderRow, messages: MessageRow[]): THotline12345OrderView {
  return {
    orderNumber: order.orderNumber,
    reference: order.reference,
    orderTime: order.orderTime.toISOString(),
    timeLimit: order.timeLimit.toISOString(),
    receivedAt: order.createdAt.toISOString(),
    status: order.status as OrderStatus,
    returnedReason: openText(order.returnedReason),
    urges: order.urges.map((u) => ({ at: u.at, comment: openText(u.comment) })),
    rating: order.rating
      ? {
          satisfaction: order.rating.satisfaction as Satisfaction,
          at: order.rating.at,
          comment: openText(order.rating.comment),
        }
      : null,
    messages: messages
      .filter((m) => m.orderId === order.id)
      .map((m) => ({
        id: m.id,
        step: m.step as FeedbackStep,
        text: openText(m.text) ?? '',
        createdAt: m.createdAt.toISOString(),
        status: m.status as MessageStatus,
        deliveredAt: m.deliveredAt?.toISOString() ?? null,
        attempts: m.attempts,
      })),
  };
}
