import type { Label } from '../labels.js';

/**
 * Every figure the statistics show, with the sentence that says what it counts. The server
 * computes exactly this, the console shows the sentence beside the figure, the export prints it.
 * WARNING: the keys are part of the API (`/api/stats/series?metric=`); never rename one.
 */
export const STAT_DEFINITIONS = {
  'contacts.total': {
    label: { 'zh-CN': '来访总数', en: 'Contacts' },
    definition: {
      'zh-CN': '期间内热线收到的报告数（网页、接口、电话、短信、监测），按接收时间（北京时间）计。',
      en: 'Reports the line received in the period (web, partner API, phone, SMS, monitoring), by the time received (Beijing time).',
    },
  },
  'contacts.byChannel': {
    label: { 'zh-CN': '按渠道', en: 'By channel' },
    definition: {
      'zh-CN': '来访按其到达的渠道分列；电话指语音来电形成的报告。',
      en: 'Contacts by the channel they came through; phone is a report made on a voice call.',
    },
  },
  'contacts.byCategory': {
    label: { 'zh-CN': '按情形类别', en: 'By situation' },
    definition: {
      'zh-CN': '来访按报告勾选的情形类别分列；一份报告可有多个类别，故合计可大于来访总数。',
      en: 'Contacts by the situation categories the report names; a report may name several, so the rows can add up to more than the total.',
    },
  },
  'contacts.byRegion': {
    label: { 'zh-CN': '按地区', en: 'By region' },
    definition: {
      'zh-CN': '来访按儿童所在地分列到所选地区的下一级；未填地点的单列。',
      en: 'Contacts by where the child is, one row per region one level below the one chosen; those with no place given are a row of their own.',
    },
  },
  'contacts.byPriority': {
    label: { 'zh-CN': '按优先级', en: 'By priority' },
    definition: {
      'zh-CN': '来访按其所属工单当前的优先级（P1–P4）分列；尚未分拣的单列。',
      en: 'Contacts by the current priority of the case they belong to; those not yet triaged are a row of their own.',
    },
  },
  'contacts.byHour': {
    label: { 'zh-CN': '按时段', en: 'By hour of day' },
    definition: {
      'zh-CN': '来访按接收时刻所在的小时（北京时间 0–23 时）分列。',
      en: 'Contacts by the hour of day they were received (Beijing time, 0–23).',
    },
  },
  'contacts.responded': {
    label: { 'zh-CN': '有效响应', en: 'Effective responses' },
    definition: {
      'zh-CN':
        '期间内的来访中，其工单已由接线员接手（认领、开始处理或由主任指派）的数目及占来访总数的比例（“接诉即办”）。',
      en: 'Contacts of the period whose case a person has taken up (claimed, started or assigned by a supervisor), as a count and as a share of all contacts.',
    },
  },
  'calls.offered': {
    label: { 'zh-CN': '进线', en: 'Calls offered' },
    definition: {
      'zh-CN': '期间内进入人工排队的来电数，按进入排队时间计。',
      en: 'Calls that entered the queue for a person in the period, by the time they entered it.',
    },
  },
  'calls.answered': {
    label: { 'zh-CN': '接听', en: 'Calls answered' },
    definition: {
      'zh-CN': '进线中由接线员接听的来电数。',
      en: 'Offered calls an operator answered.',
    },
  },
  'calls.answeredWithin15s': {
    label: { 'zh-CN': '15 秒内接听', en: 'Answered within 15 s' },
    definition: {
      'zh-CN': '进入排队后 15 秒内（含 15 秒）接听的来电数；目标为进线的 80%。',
      en: 'Calls answered no more than 15 seconds after they entered the queue; the target is 80% of calls offered.',
    },
  },
  'calls.abandoned': {
    label: { 'zh-CN': '放弃', en: 'Calls abandoned' },
    definition: {
      'zh-CN': '排队中来电人挂断、未被接听的来电数（选择留言或回拨的不计入）。',
      en: 'Calls whose caller hung up in the queue before an answer (callers who chose a voicemail or a callback are not counted).',
    },
  },
  'calls.waitP50': {
    label: { 'zh-CN': '等待时长中位数', en: 'Wait, median' },
    definition: {
      'zh-CN': '进线在队列中等待至接听或离开的时长的中位数（秒）。',
      en: 'The median time offered calls waited in the queue until answered or gone, in seconds.',
    },
  },
  'calls.waitP90': {
    label: { 'zh-CN': '等待时长 90 分位', en: 'Wait, 90th percentile' },
    definition: {
      'zh-CN': '进线等待时长的 90 分位数（秒）：九成来电等待不超过此值。',
      en: 'The 90th percentile of the time offered calls waited, in seconds: nine calls in ten waited no longer.',
    },
  },
  'calls.outbound.made': {
    label: { 'zh-CN': '回访拨出', en: 'Check-in calls made' },
    definition: {
      'zh-CN':
        '期间内从儿童档案发起的回访电话数（拨给监护人或儿童），按发起时间计，按儿童所在地区计。',
      en: "Check-in calls placed from children's files in the period (to a guardian or the child), by the time placed and the child's region.",
    },
  },
  'calls.outbound.answered': {
    label: { 'zh-CN': '回访接通', en: 'Check-in calls answered' },
    definition: {
      'zh-CN': '回访拨出中被叫方（监护人或儿童）接听、与工作人员通话的电话数。',
      en: 'Check-in calls the guardian or child answered and spoke to the staff member on.',
    },
  },
  'hotline12345.rated': {
    label: { 'zh-CN': '12345 回访评价', en: '12345 ratings' },
    definition: {
      'zh-CN':
        '期间内 12345 发回的来电人满意度评价（回访评价）数，按评价时间计，按工单所生成举报的地区计；同一工单再次评价只计最后一次。',
      en: "Callers' satisfaction ratings (回访评价) 12345 sent back in the period for the work orders it handed over, by the time rated and the region of the report the order became; a re-rated order counts once, with its last rating.",
    },
  },
  'hotline12345.bySatisfaction': {
    label: { 'zh-CN': '12345 满意度', en: '12345 satisfaction' },
    definition: {
      'zh-CN':
        '上述评价按满意度（非常满意、满意、基本满意、不满意、非常不满意）分列，合计为评价数。',
      en: 'Those ratings by level (very satisfied, satisfied, fairly satisfied, dissatisfied, very dissatisfied); they add up to the ratings.',
    },
  },
  'sms.conversations': {
    label: { 'zh-CN': '短信会话', en: 'SMS conversations' },
    definition: {
      'zh-CN': '期间内开始的短信会话数（同一号码 30 分钟内的短信属同一会话）。',
      en: 'SMS conversations begun in the period (texts from one number within 30 minutes belong to one conversation).',
    },
  },
  'sms.repliedWithin3m': {
    label: { 'zh-CN': '3 分钟内人工回复', en: 'Replied within 3 min' },
    definition: {
      'zh-CN': '接线员的第一条回复在会话开始后 3 分钟内（含）发出的短信会话数。',
      en: 'SMS conversations whose first reply from an operator was sent no more than 3 minutes after the conversation began.',
    },
  },
  'cases.opened': {
    label: { 'zh-CN': '新建工单', en: 'Cases opened' },
    definition: {
      'zh-CN': '期间内新建的工单数，按工单所在地区计。',
      en: 'Cases opened in the period, counted by the region of the case.',
    },
  },
  'cases.resolved': {
    label: { 'zh-CN': '办结工单', en: 'Cases resolved' },
    definition: {
      'zh-CN': '期间内首次被标为“已办结”的工单数。',
      en: 'Cases first marked resolved in the period.',
    },
  },
  'cases.claimP50': {
    label: { 'zh-CN': '接手用时中位数', en: 'Time to claim, median' },
    definition: {
      'zh-CN': '期间内新建的工单从建立到首次被接手的时长中位数（秒）。',
      en: 'For cases opened in the period, the median time from opening to first being taken up, in seconds.',
    },
  },
  'cases.claimP90': {
    label: { 'zh-CN': '接手用时 90 分位', en: 'Time to claim, 90th percentile' },
    definition: {
      'zh-CN': '期间内新建的工单从建立到首次被接手的时长的 90 分位数（秒）。',
      en: 'For cases opened in the period, the 90th percentile of the time to first being taken up, in seconds.',
    },
  },
  'cases.resolutionP50': {
    label: { 'zh-CN': '办结用时中位数', en: 'Time to resolution, median' },
    definition: {
      'zh-CN': '期间内办结的工单从建立到首次办结的时长中位数（秒）。',
      en: 'For cases resolved in the period, the median time from opening to first being resolved, in seconds.',
    },
  },
  'cases.reopened': {
    label: { 'zh-CN': '重新打开', en: 'Cases re-opened' },
    definition: {
      'zh-CN': '期间内由值班主任从已办结或已关闭重新打开的次数。',
      en: 'Times in the period a supervisor re-opened a resolved or closed case.',
    },
  },
  'referrals.made': {
    label: { 'zh-CN': '转介', en: 'Referrals made' },
    definition: {
      'zh-CN': '期间内发出的转介数，按工单所在地区计，并按接收机构分列。',
      en: 'Referrals sent in the period, counted by the region of the case, and by receiving centre.',
    },
  },
  'referrals.ackedInTime': {
    label: { 'zh-CN': '按时签收', en: 'Acknowledged in time' },
    definition: {
      'zh-CN': '在签收时限内（含）签收的转介数；无时限的转介签收即算按时。',
      en: 'Referrals acknowledged by their deadline (a referral without a deadline counts when acknowledged).',
    },
  },
  'referrals.escalated': {
    label: { 'zh-CN': '升级', en: 'Escalated' },
    definition: {
      'zh-CN': '因超时未签收而至少升级一次的转介数。',
      en: 'Referrals escalated at least once for want of an acknowledgement.',
    },
  },
  'referrals.declined': {
    label: { 'zh-CN': '拒收', en: 'Declined' },
    definition: {
      'zh-CN': '被接收机构拒收的转介数。',
      en: 'Referrals the centre declined.',
    },
  },
  'referrals.rerouted': {
    label: { 'zh-CN': '改派', en: 'Re-routed' },
    definition: {
      'zh-CN': '被另一转介取代（改派到其他机构）的转介数。',
      en: 'Referrals replaced by another one to a different centre.',
    },
  },
  'register.onFile': {
    label: { 'zh-CN': '在册儿童', en: 'Children on file' },
    definition: {
      'zh-CN':
        '期末（所选结束日 24 时，北京时间）仍在册的儿童档案数，按儿童所在地计；类别与风险等级为档案当前所记。',
      en: "Children's files open at the end of the period (midnight after the last day, Beijing time), by where the child lives; categories and risk levels as the files now record them.",
    },
  },
  'register.byCategory': {
    label: { 'zh-CN': '在册儿童按类别', en: 'Children on file by category' },
    definition: {
      'zh-CN': '在册儿童按档案所记类别分列；一名儿童可属多个类别，故合计可大于在册儿童数。',
      en: 'Children on file by the categories their file names; a child may be in several, so the rows can add up to more than the children on file.',
    },
  },
  'register.byRisk': {
    label: { 'zh-CN': '在册儿童按风险等级', en: 'Children on file by risk level' },
    definition: {
      'zh-CN': '在册儿童按档案当前生效的风险等级（规则评定或人工调高后的等级）分列。',
      en: "Children on file by the risk level in force on their file (the rules' level, or a raised one).",
    },
  },
  'register.visitsDone': {
    label: { 'zh-CN': '已完成走访', en: 'Visits done' },
    definition: {
      'zh-CN': '期间内进行的走访（入户、到校、电话）次数，按走访时间计，含此后已销档儿童的走访。',
      en: 'Visits (home, school, phone) made in the period, by the time of the visit, including visits to children whose file has since been closed.',
    },
  },
  'register.visitsOverdue': {
    label: { 'zh-CN': '逾期未走访', en: 'Visits overdue' },
    definition: {
      'zh-CN':
        '仍在册、且下次走访应于期末（或当前时刻，取较早者）之前完成却至今未完成的儿童档案数。',
      en: 'Open files whose next visit fell due before the end of the period (or before now, whichever is earlier) and has not been made since.',
    },
  },
  'register.warningsRaised': {
    label: { 'zh-CN': '发出预警', en: 'Warnings raised' },
    definition: {
      'zh-CN':
        '期间内发出的预警数（走访逾期、走访发现危险信号、在册儿童被举报、90 天内多次被举报、留守儿童监护人离开），按发出时间计，无论此后是否已确认、排除或上报。',
      en: 'Early warnings raised in the period (visit overdue, a danger signal on a visit, a report about a child on file, repeated reports within 90 days, a guardian leaving), by the time they were raised, whatever became of them.',
    },
  },
  'register.warningsEscalated': {
    label: { 'zh-CN': '预警转为工单', en: 'Warnings escalated' },
    definition: {
      'zh-CN': '期间内被上报、经受理渠道（监测来源）生成举报的预警数，按上报时间计。',
      en: 'Warnings escalated in the period, each filed as a report through intake on the monitoring channel, by the time of the escalation.',
    },
  },
  'contacts.unanswered': {
    label: { 'zh-CN': '未有效响应', en: 'Not effectively answered' },
    definition: {
      'zh-CN':
        '期间内的来访中，其工单尚未由任何人接手（认领、开始处理或指派）的数目，即来访总数减去有效响应。',
      en: 'Contacts of the period whose case nobody has taken up yet (claimed, started or assigned): the contacts minus the effective responses.',
    },
  },
} as const satisfies Record<string, { label: Label; definition: Label }>;

export type StatKey = keyof typeof STAT_DEFINITIONS;
export const STAT_KEYS = Object.keys(STAT_DEFINITIONS) as [StatKey, ...StatKey[]];

/** Service-level targets the screen draws the figures against (shares of the whole). */
export const STAT_TARGETS = {
  'calls.answeredWithin15s': 0.8,
  'sms.repliedWithin3m': 0.9,
  'referrals.ackedInTime': 0.95,
} as const satisfies Partial<Record<StatKey, number>>;

/** A call answered this many seconds or fewer after queueing counts as answered in time. */
export const ANSWER_WITHIN_SECONDS = 15;
/** An SMS conversation replied to this many seconds or fewer after it began counts as in time. */
export const SMS_REPLY_WITHIN_SECONDS = 180;
/** Analysts' exports show counts from 1 to this as "<5" (small-cell suppression). */
export const SMALL_COUNT_MAX = 4;
