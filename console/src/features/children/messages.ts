import type { Label } from '../../lib/messages';

/** Texts of the children register's screens in both languages (see `useMessages`). */
export const CHILDREN_MESSAGES = {
  navLink: { en: 'Children register', 'zh-CN': '儿童档案' },
  title: { en: 'Children register', 'zh-CN': '儿童档案' },
  intro: {
    en: 'Left-behind, orphaned, unsupported and vulnerable children in your area, most urgent visit first.',
    'zh-CN': '本辖区留守、孤儿、事实无人抚养及困境儿童，按走访紧迫程度排列。',
  },
  register: { en: 'Register a child', 'zh-CN': '新建档案' },
  loading: { en: 'Loading the register…', 'zh-CN': '正在加载儿童档案…' },
  failed: { en: 'The register could not be loaded.', 'zh-CN': '无法加载儿童档案。' },
  empty: { en: 'No children match.', 'zh-CN': '没有符合条件的儿童。' },
  emptyAll: {
    en: 'Nobody is on the register yet. Register the first child.',
    'zh-CN': '尚无建档儿童，请新建第一份档案。',
  },
  'filter.name': { en: 'Full name', 'zh-CN': '姓名（完整）' },
  'filter.category': { en: 'Category', 'zh-CN': '类别' },
  'filter.risk': { en: 'Risk', 'zh-CN': '风险等级' },
  'filter.any': { en: 'Any', 'zh-CN': '全部' },
  'filter.overdue': { en: 'Visit overdue only', 'zh-CN': '仅看逾期未走访' },
  'filter.closed': { en: 'Show closed files', 'zh-CN': '显示已销档' },
  'filter.search': { en: 'Search', 'zh-CN': '查询' },
  count: { en: '{{count}} children', 'zh-CN': '共 {{count}} 名儿童', one: { en: '1 child' } },
  age: { en: '{{age}} yrs', 'zh-CN': '{{age}}岁', one: { en: '1 yr' } },
  overdue: { en: 'Visit overdue since {{date}}', 'zh-CN': '应于 {{date}} 走访，已逾期' },
  due: { en: 'Next visit by {{date}}', 'zh-CN': '下次走访：{{date}} 前' },
  closedTag: { en: 'Closed', 'zh-CN': '已销档' },
  back: { en: '‹ Register', 'zh-CN': '‹ 儿童档案' },
  backToCase: { en: '‹ Back to the case', 'zh-CN': '‹ 返回工单' },
  'file.throughCase': {
    en: 'Opened from a case: read only. The village’s children’s director keeps this file.',
    'zh-CN': '从工单打开：仅供查看。此档案由村儿童主任维护。',
  },
  'sex.female': { en: 'Girl', 'zh-CN': '女' },
  'sex.male': { en: 'Boy', 'zh-CN': '男' },
  'sex.unknown': { en: 'Not known', 'zh-CN': '不详' },

  // The registration form.
  'form.title': { en: 'Register a child', 'zh-CN': '新建儿童档案' },
  'form.name': { en: 'Name', 'zh-CN': '姓名' },
  'form.sex': { en: 'Sex', 'zh-CN': '性别' },
  'form.dateOfBirth': { en: 'Date of birth', 'zh-CN': '出生日期' },
  'form.dobUnknown': { en: 'Date of birth not known', 'zh-CN': '出生日期不详' },
  'form.age': { en: 'Age (years)', 'zh-CN': '年龄（周岁）' },
  'form.village': { en: 'Village or community', 'zh-CN': '所在村（社区）' },
  'form.categories': { en: 'Categories (all that apply)', 'zh-CN': '儿童类别（可多选）' },
  'form.guardians': { en: 'Guardians', 'zh-CN': '监护人' },
  'form.addGuardian': { en: 'Add a guardian', 'zh-CN': '添加监护人' },
  'form.removeGuardian': { en: 'Remove', 'zh-CN': '删除' },
  'form.relation': { en: 'Relation', 'zh-CN': '关系' },
  'form.guardianName': { en: 'Guardian’s name', 'zh-CN': '监护人姓名' },
  'form.phone': { en: 'Phone', 'zh-CN': '电话' },
  'form.childPhone': { en: 'The child’s own phone', 'zh-CN': '儿童本人电话' },
  'form.childPhoneHelp': {
    en: 'Optional: for older children with a phone of their own.',
    'zh-CN': '选填：年龄较大、有自己手机的儿童。',
  },
  'form.livesWithChild': { en: 'Lives with the child', 'zh-CN': '与儿童同住' },
  'form.workPlace': { en: 'Works in (city)', 'zh-CN': '务工地' },
  'form.school': { en: 'School', 'zh-CN': '就读学校' },
  'form.health': { en: 'Health', 'zh-CN': '健康状况' },
  'form.notes': { en: 'Notes', 'zh-CN': '备注' },
  'form.submit': { en: 'Register', 'zh-CN': '建档' },
  'form.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'form.required': { en: 'Fill this in.', 'zh-CN': '请填写此项。' },
  'form.invalid': { en: 'Check the fields marked.', 'zh-CN': '请检查标出的项目。' },
  'form.duplicate': {
    en: 'This child is already on the register.',
    'zh-CN': '该儿童已建档（姓名、出生日期和所在村相同）。',
  },
  'form.openExisting': { en: 'Open the existing file', 'zh-CN': '打开已有档案' },
  'form.noVillages': {
    en: 'Your account has no villages to register children in.',
    'zh-CN': '您的账户没有可建档的村（社区）。',
  },

  // A child's file.
  'file.loading': { en: 'Loading the file…', 'zh-CN': '正在加载档案…' },
  'file.failed': { en: 'The file could not be loaded.', 'zh-CN': '无法加载档案。' },
  'file.risk': { en: 'Risk', 'zh-CN': '风险评估' },
  'file.why': { en: 'Why', 'zh-CN': '依据' },
  'file.raised': {
    en: 'Raised to {{level}} by {{who}}: {{reason}}',
    'zh-CN': '{{who}} 调高为{{level}}：{{reason}}',
  },
  'file.details': { en: 'Details', 'zh-CN': '基本信息' },
  'file.born': { en: 'Born', 'zh-CN': '出生日期' },
  'file.village': { en: 'Village', 'zh-CN': '所在村' },
  'file.categories': { en: 'Categories', 'zh-CN': '类别' },
  'file.guardians': { en: 'Guardians', 'zh-CN': '监护人' },
  'file.noGuardians': { en: 'No guardian recorded.', 'zh-CN': '未登记监护人。' },
  'file.livesWith': { en: 'lives with the child', 'zh-CN': '与儿童同住' },
  'file.livesApart': { en: 'lives apart', 'zh-CN': '不同住' },
  'file.visits': { en: 'Visits', 'zh-CN': '走访记录' },
  'file.noVisits': { en: 'Not visited yet.', 'zh-CN': '尚未走访。' },
  'file.recordVisit': { en: 'Record a visit', 'zh-CN': '记录走访' },
  'file.concerns': { en: 'Concerns', 'zh-CN': '发现问题' },
  'file.noConcerns': { en: 'No concerns recorded', 'zh-CN': '未发现问题' },
  'file.timeline': { en: 'History of this file', 'zh-CN': '档案变更记录' },
  'file.fields': { en: 'Changed: {{fields}}', 'zh-CN': '变更：{{fields}}' },
  'file.closed': {
    en: 'File closed {{date}}: {{reason}}',
    'zh-CN': '已于 {{date}} 销档：{{reason}}',
  },
  'file.by': { en: 'by {{who}}', 'zh-CN': '经办：{{who}}' },

  // Changing a file: edit, close, raise risk.
  'actions.edit': { en: 'Edit', 'zh-CN': '编辑档案' },
  'actions.close': { en: 'Close file', 'zh-CN': '销档' },
  'actions.raise': { en: 'Raise risk', 'zh-CN': '提高风险等级' },
  'actions.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'actions.save': { en: 'Save changes', 'zh-CN': '保存修改' },
  'actions.noChange': { en: 'Nothing has changed.', 'zh-CN': '没有任何修改。' },
  'actions.editTitle': { en: 'Edit the file', 'zh-CN': '编辑档案' },
  'actions.closeTitle': { en: 'Close the file', 'zh-CN': '销档' },
  'actions.closeReason': { en: 'Reason', 'zh-CN': '销档原因' },
  'actions.closeNote': { en: 'Note', 'zh-CN': '说明' },
  'actions.closeNoteRequired': {
    en: 'Say why the file is closed.',
    'zh-CN': '请说明销档原因。',
  },
  'actions.closeSubmit': { en: 'Close the file', 'zh-CN': '确认销档' },
  'actions.raiseTitle': { en: 'Raise the risk level', 'zh-CN': '提高风险等级' },
  'actions.raiseLevel': { en: 'New level', 'zh-CN': '新的风险等级' },
  'actions.raiseReason': { en: 'Reason', 'zh-CN': '理由' },
  'actions.raiseSubmit': { en: 'Raise the level', 'zh-CN': '确认提高' },
  // Importing a register file (administrators).
  'import.title': { en: 'Import a children’s register', 'zh-CN': '导入儿童档案' },
  'import.hint': {
    en: 'A CSV file (UTF-8 or GBK), one child a line; the columns are listed in the README. The file is checked first; then every child is registered or none. Children already on the register are skipped.',
    'zh-CN':
      'CSV 文件（UTF-8 或 GBK 编码），每行一名儿童，列名见 README。先检查文件，再全部导入或全部不导入；已建档的儿童自动跳过。',
  },
  'import.file': { en: 'Register file (CSV)', 'zh-CN': '档案文件（CSV）' },
  'import.checking': { en: 'Checking the file…', 'zh-CN': '正在检查文件…' },
  'import.problems': {
    en: 'The file has {{count}} problems; nothing was imported. Correct them and choose the file again.',
    'zh-CN': '文件有 {{count}} 处问题，未导入任何档案。请修改后重新选择文件。',
    one: {
      en: 'The file has 1 problem; nothing was imported. Correct it and choose the file again.',
    },
  },
  'import.line': { en: 'Line', 'zh-CN': '行' },
  'import.column': { en: 'Column', 'zh-CN': '列' },
  'import.problem': { en: 'Problem', 'zh-CN': '问题' },
  'import.preview': {
    en: '{{created}} children to register, {{skipped}} already on the register (skipped).',
    'zh-CN': '将新建 {{created}} 份档案，{{skipped}} 名儿童已建档（跳过）。',
  },
  'import.submit': {
    en: 'Import {{count}} children',
    'zh-CN': '导入 {{count}} 份档案',
    one: { en: 'Import 1 child' },
  },
  'import.done': {
    en: 'Imported: {{created}} children registered, {{skipped}} skipped.',
    'zh-CN': '导入完成：新建 {{created}} 份档案，跳过 {{skipped}} 名。',
  },
  'import.tooLarge': {
    en: 'The file is larger than {{mb}} MB; split it.',
    'zh-CN': '文件超过 {{mb}} MB，请拆分后导入。',
  },
  'actions.clearRaise': { en: 'Clear the raise', 'zh-CN': '取消调高' },
  'actions.clearTitle': { en: 'Clear the raised level', 'zh-CN': '取消调高的风险等级' },
  'actions.clearExplain': {
    en: 'The level returns to the rules’ level: {{level}}. Visits are then due by that level.',
    'zh-CN': '风险等级将恢复为规则评定的等级：{{level}}，走访周期随之调整。',
  },
  'actions.clearReason': { en: 'Why the raise no longer applies', 'zh-CN': '取消理由' },
  'actions.clearSubmit': { en: 'Clear the raise', 'zh-CN': '确认取消' },

  // The visit form.
  'visit.title': { en: 'Record a visit', 'zh-CN': '记录走访' },
  'visit.kind': { en: 'Kind of visit', 'zh-CN': '走访方式' },
  'visit.when': { en: 'When', 'zh-CN': '走访时间' },
  'visit.seen': { en: 'Who was seen', 'zh-CN': '见到的人' },
  'visit.checklist': { en: 'Checklist', 'zh-CN': '走访清单' },
  'visit.checklistHint': {
    en: 'Leave an item unanswered if you could not check it.',
    'zh-CN': '无法确认的项目可不填，记为“未检查”。',
  },
  'visit.yes': { en: 'Yes', 'zh-CN': '是' },
  'visit.no': { en: 'No', 'zh-CN': '否' },
  'visit.unchecked': { en: 'Not checked', 'zh-CN': '未检查' },
  'visit.notes': { en: 'Notes', 'zh-CN': '情况记录' },
  'visit.submit': { en: 'Save the visit', 'zh-CN': '保存走访记录' },
  'visit.saving': { en: 'Saving…', 'zh-CN': '正在保存…' },
  'visit.saved': {
    en: 'Visit saved. Risk now: {{level}}.',
    'zh-CN': '走访记录已保存。当前风险等级：{{level}}。',
  },
  'visit.retry': {
    en: 'Not saved: {{error}} Try again — the visit will not be recorded twice.',
    'zh-CN': '未保存：{{error}} 请重试，不会重复记录。',
  },
  'visit.queued': {
    en: 'No connection: the visit is saved on this phone and will be sent when the connection returns.',
    'zh-CN': '当前没有网络：走访记录已保存在本机，网络恢复后会自动发送。',
  },
  'visit.draftRestored': {
    en: 'Your unsaved draft of this visit is back.',
    'zh-CN': '已恢复本次走访未保存的草稿。',
  },
  'visit.photosNotInDraft': {
    en: 'This phone has no room to keep the {{count}} photos with the draft: the rest of it is kept, but if Hutong is closed or reloaded before the visit is saved, the photos are lost.',
    'zh-CN':
      '本机存储空间不足，这 {{count}} 张照片无法随草稿保存：草稿的其他内容已保存，但如果在保存走访记录前关闭或刷新护童，照片将丢失。',
    one: {
      en: 'This phone has no room to keep the photo with the draft: the rest of it is kept, but if Hutong is closed or reloaded before the visit is saved, the photo is lost.',
    },
  },
  'visit.backToFile': { en: 'Back to the file', 'zh-CN': '返回档案' },
  'visit.photosNotKept': {
    en: 'This phone has no room to keep the {{count}} photos: the visit is saved on it without them. Keep Hutong open until the visit is sent and they go with it; if it is closed or reloaded first, the visit is sent without them.',
    'zh-CN':
      '本机存储空间不足，无法保存这 {{count}} 张照片：走访记录已保存在本机，但不含照片。请保持护童页面打开，直到记录发送成功，照片会一并发送；如果先关闭或刷新页面，记录将不带照片发送。',
    one: {
      en: 'This phone has no room to keep the photo: the visit is saved on it without it. Keep Hutong open until the visit is sent and the photo goes with it; if it is closed or reloaded first, the visit is sent without it.',
    },
  },

  // The visit's photos (the form) and the file's thumbnails.
  'photos.title': { en: 'Photos (optional)', 'zh-CN': '照片（选填）' },
  'photos.hint': {
    en: 'Up to {{max}}: the state of the home, an injury. Each is made smaller on this phone before it is saved.',
    'zh-CN': '最多 {{max}} 张，如住房状况、伤情。照片会先在本机压缩再保存。',
  },
  'photos.add': { en: 'Take or choose photos', 'zh-CN': '拍照或选择照片' },
  'photos.preparing': { en: 'Preparing the photos…', 'zh-CN': '正在处理照片…' },
  'photos.count': {
    en: '{{count}} of {{max}} photos added.',
    'zh-CN': '已添加 {{count}} 张照片（最多 {{max}} 张）。',
  },
  'photos.alt': { en: 'Photo {{n}} of this visit', 'zh-CN': '本次走访照片 {{n}}' },
  'photos.remove': { en: 'Remove', 'zh-CN': '删除' },
  'photos.removeLabel': { en: 'Remove photo {{n}}', 'zh-CN': '删除照片 {{n}}' },
  'photos.unreadable': {
    en: 'The picture “{{name}}” could not be read. Take it again, or choose another.',
    'zh-CN': '无法读取图片“{{name}}”，请重新拍摄或另选一张。',
  },
  'photos.tooLarge': {
    en: 'The picture “{{name}}” is larger than 1 MB even made smaller, so it was not added.',
    'zh-CN': '图片“{{name}}”压缩后仍大于 1 MB，未添加。',
  },
  'photos.tooMany': {
    en: 'A visit takes at most {{max}} photos: “{{name}}” was not added.',
    'zh-CN': '每次走访最多 {{max}} 张照片：“{{name}}”未添加。',
  },
  'photos.refused': { en: 'Photo {{n}}: {{error}}', 'zh-CN': '照片 {{n}}：{{error}}' },
  'file.photoAlt': {
    en: 'Photo {{n}} of the visit of {{date}}',
    'zh-CN': '{{date}} 走访照片 {{n}}',
  },
  'file.photoFailed': {
    en: 'Photo {{n}} could not be loaded.',
    'zh-CN': '照片 {{n}} 无法加载。',
  },
  'file.photoClose': { en: 'Close', 'zh-CN': '关闭' },

  // Visits waiting on the phone (the shell's notice and the file).
  'outbox.queued': {
    en: '{{count}} visits saved on this phone, will be sent when the connection returns.',
    'zh-CN': '{{count}} 条走访记录已保存在本机，网络恢复后会自动发送。',
    one: { en: '1 visit saved on this phone, will be sent when the connection returns.' },
  },
  'signOut.title': { en: 'Visits not sent yet', 'zh-CN': '有走访记录尚未发送' },
  'signOut.unsent': {
    en: '{{count}} visits on this phone have not reached the server. Signing out deletes them from this phone. Stay signed in until they are sent, or sign out and lose them.',
    'zh-CN':
      '本机有 {{count}} 条走访记录尚未发送到服务器。退出登录会从本机删除这些记录。请保持登录直到发送完成，或退出并放弃这些记录。',
    one: {
      en: '1 visit on this phone has not reached the server. Signing out deletes it from this phone. Stay signed in until it is sent, or sign out and lose it.',
    },
  },
  'signOut.stay': { en: 'Stay signed in', 'zh-CN': '保持登录' },
  'signOut.anyway': { en: 'Sign out and delete them', 'zh-CN': '退出并删除' },
  'outbox.sendNow': { en: 'Send now', 'zh-CN': '立即发送' },
  'outbox.sent': {
    en: '{{count}} visits saved on this phone have been sent.',
    'zh-CN': '本机保存的 {{count}} 条走访记录已发送。',
    one: { en: 'The visit saved on this phone has been sent.' },
  },
  'outbox.close': { en: 'Close', 'zh-CN': '关闭' },
  'outbox.attention': {
    en: '{{count}} visits could not be sent and need your attention.',
    'zh-CN': '{{count}} 条走访记录无法发送，需要您处理。',
    one: { en: '1 visit could not be sent and needs your attention.' },
  },
  'outbox.item': { en: 'Visit of {{date}}: {{error}}', 'zh-CN': '{{date}} 的走访：{{error}}' },
  'outbox.edit': { en: 'Back into the form', 'zh-CN': '退回表单修改' },
  'outbox.discard': { en: 'Discard', 'zh-CN': '放弃此记录' },
  'file.pending': {
    en: '{{count}} visits to this child are saved on this phone and not sent yet.',
    'zh-CN': '本机有 {{count}} 条该儿童的走访记录尚未发送。',
    one: { en: '1 visit to this child is saved on this phone and not sent yet.' },
  },

  // Check-in calls (回访).
  'call.button': { en: 'Call', 'zh-CN': '回访电话' },
  'call.title': { en: 'Check-in call', 'zh-CN': '电话回访' },
  'call.whom': { en: 'Whom to call', 'zh-CN': '拨打给' },
  'call.noPhone': { en: 'no phone number', 'zh-CN': '无电话' },
  'call.noGuardianPhone': {
    en: 'Neither the child nor any guardian on this file has a phone number.',
    'zh-CN': '本档案的儿童和监护人均未登记电话。',
  },
  'call.child': { en: 'The child ({{name}}), own phone', 'zh-CN': '儿童本人（{{name}}）' },
  'call.via': { en: 'Take the call on', 'zh-CN': '接听方式' },
  'call.viaPhone': { en: 'My phone', 'zh-CN': '我的手机' },
  'call.viaSoftphone': { en: 'The browser (softphone)', 'zh-CN': '浏览器（软电话）' },
  'call.staffPhone': { en: 'My phone number', 'zh-CN': '我的电话号码' },
  'call.hint': {
    en: 'Your phone rings first; when you answer, the guardian or child is called from the hotline number. Your number is not shown to them.',
    'zh-CN': '系统先拨打您的电话，您接听后再以热线号码拨打监护人或儿童，对方看不到您的号码。',
  },
  'call.start': { en: 'Call now', 'zh-CN': '开始拨打' },
  'call.close': { en: 'Close', 'zh-CN': '关闭' },
  'call.state.calling_staff': { en: 'Ringing your phone…', 'zh-CN': '正在呼叫您的电话…' },
  'call.state.calling_party': { en: 'Calling the guardian…', 'zh-CN': '正在呼叫监护人…' },
  'call.state.calling_child': { en: 'Calling the child…', 'zh-CN': '正在呼叫儿童…' },
  'call.state.connected': { en: 'Connected', 'zh-CN': '通话中' },
  'call.state.ended': { en: 'Call ended', 'zh-CN': '通话已结束' },
  'call.outcome.answered': {
    en: 'Answered · talked {{duration}}',
    'zh-CN': '已接通，通话 {{duration}}',
  },
  'call.outcome.no_answer': { en: 'No answer', 'zh-CN': '无人接听' },
  'call.outcome.busy': { en: 'Line busy', 'zh-CN': '对方忙线' },
  'call.outcome.failed': { en: 'Could not connect', 'zh-CN': '无法接通' },
  'call.outcome.canceled': { en: 'Cancelled', 'zh-CN': '已取消' },
  'call.outcome.staff_unreachable': {
    en: 'Your phone did not answer; nobody else was called.',
    'zh-CN': '您的电话未接听，未拨打对方。',
  },
  'call.logged': {
    en: 'Logged on the file as a phone visit.',
    'zh-CN': '已作为电话走访记入档案。',
  },
  'call.fillForm': { en: 'Complete the visit form', 'zh-CN': '填写回访记录' },
  'call.failed': {
    en: 'The call could not be placed: {{error}}',
    'zh-CN': '无法发起回访电话：{{error}}',
  },
  'call.duration': {
    en: '{{minutes}} min {{seconds}} s',
    'zh-CN': '{{minutes}} 分 {{seconds}} 秒',
  },
  'call.softphone.label': { en: 'Browser phone', 'zh-CN': '浏览器电话' },
  'call.softphone.registering': {
    en: 'Getting the browser ready to take the call…',
    'zh-CN': '正在准备浏览器接听…',
  },
  'call.softphone.waiting': {
    en: 'Waiting for the call to reach the browser; it answers by itself.',
    'zh-CN': '等待来电接入浏览器，接入后将自动接听。',
  },
  'call.softphone.connecting': {
    en: 'Answering in the browser (allow the microphone if asked)…',
    'zh-CN': '正在浏览器中接听（如有提示，请允许使用麦克风）…',
  },
  'call.softphone.connected': {
    en: 'Browser audio connected',
    'zh-CN': '浏览器通话已接通',
  },
  'call.softphone.ended': { en: 'Browser audio ended', 'zh-CN': '浏览器通话已结束' },
  'call.softphone.hangUp': { en: 'Hang up', 'zh-CN': '挂断' },
  'call.softphone.microphone': {
    en: 'The browser may not use the microphone: allow it for this site, then hang up and call again.',
    'zh-CN': '浏览器无权使用麦克风：请允许本网站使用麦克风，然后挂断并重新拨打。',
  },
  'call.softphone.token': {
    en: 'The browser phone’s sign-in expired; renewing it…',
    'zh-CN': '浏览器电话的登录凭证已过期，正在更新…',
  },
  'call.softphone.error': {
    en: 'Browser phone problem (Twilio error {{code}}).',
    'zh-CN': '浏览器电话故障（Twilio 错误 {{code}}）。',
  },
  'call.softphone.registerFailed': {
    en: 'The browser could not get ready to take the call, so nothing was dialled: {{error}}',
    'zh-CN': '浏览器无法准备接听，未拨出任何电话：{{error}}',
  },
  'visit.fromCall': {
    en: 'Completing the check-in call logged on {{date}}.',
    'zh-CN': '补充 {{date}} 的电话回访记录。',
  },
} satisfies Record<string, Label>;
