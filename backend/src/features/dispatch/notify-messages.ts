import { PRIORITY_META, type Priority } from '@hutong/shared';

/** What an alert may say: the case reference, priority and region — never a child's or reporter's name. */
export interface AlertFacts {
  reference: string;
  priority: Priority;
  /** Region names from the province down (administrative names only). */
  region: string;
}

/** The duty-phone SMS (zh-CN, the centres' language). */
export function alertSms(facts: AlertFacts): string {
  const label = PRIORITY_META[facts.priority].label['zh-CN'];
  return (
    `【护童】新转介 ${facts.reference}，${facts.priority} ${label}，地区：${facts.region || '未知'}。` +
    '请尽快登录护童系统确认接收。'
  );
}

/**
 * The duty-phone SMS when the hotline writes to the centre on a referral: the case reference and
 * a link to the referral in the centre's inbox, never the message or anyone's name.
 */
export function messageSms(facts: { reference: string; link: string }): string {
  return `【护童】转介 ${facts.reference} 有热线新消息，请登录护童系统查看：${facts.link}`;
}

/** What the notify call reads before asking for 1. */
export function alertSpeech(facts: AlertFacts): string {
  const label = PRIORITY_META[facts.priority].label['zh-CN'];
  const spelled = facts.reference.replace(/-/g, ' ').split('').join(' ');
  return `护童热线转介提醒。案件编号 ${spelled}。优先级 ${facts.priority}，${label}。地区 ${facts.region || '未知'}。确认接收请按 1。`;
}

export const ACK_PROMPTS = {
  acknowledged: '已确认接收，谢谢。请登录护童系统查看详情。',
  notPending: '此转介已处理，无需再次确认。',
  noInput: '未收到确认。稍后将再次提醒。',
} as const;
