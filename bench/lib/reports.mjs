// Valid, varied report bodies for POST /api/reports: Chinese and English narratives, every
// situation category, random children and regions. Deterministic for a given seed.
import { SITUATION_CATEGORIES } from '../../shared/dist/index.js';

const ZH_NARRATIVES = [
  '邻居家的孩子最近经常一个人在楼道里哭，身上有淤青，晚上很晚还听到大人打骂的声音。',
  '我是班主任，这个学生连续一周没有来上课，家长电话打不通，同学说他在外面打工。',
  '在地铁站看到一个大约七八岁的孩子被一个成年人带着乞讨，孩子看起来很疲惫，不像是亲属。',
  '孩子在网上认识了一个陌生人，对方要求她发私密照片，并威胁说不发就告诉她的同学。',
  '这个孩子的父母长期在外地打工，爷爷奶奶年纪大了照顾不了，孩子经常吃不上饭。',
  '学校里有几个高年级学生每天在放学路上拦住他要钱，他现在不敢去上学了。',
  '孩子最近情绪很低落，在作业本上写了不想活了的话，家长还不知道这件事。',
  '我想咨询一下，如果发现学生可能受到家庭暴力，学校应该向哪里报告？',
];
const EN_NARRATIVES = [
  'The child next door is often crying alone on the stairs and has bruises on both arms; I hear shouting late at night.',
  "I am the class teacher. This pupil has missed school for a week and the parents' phone is switched off.",
  'At the station I saw a young child begging with an adult who did not seem to be a relative. The child looked exhausted.',
  'A stranger met her online and is asking for private photos, threatening to tell her classmates if she refuses.',
  'Both parents work in another province; the grandparents are too frail to look after him and he often goes without meals.',
  'Older pupils stop him on the way home every day and take his money. He is now afraid to go to school.',
  'She has been very low lately and wrote in her exercise book that she does not want to live. Her parents do not know.',
  'I would like advice: if a school suspects a pupil is suffering domestic violence, where should it report?',
];
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const ZH_GIVEN = ['小红', '子涵', '浩然', '欣怡', '宇轩', '梓萱', '俊杰', '雨桐', '一诺', '思远'];
const EN_NAMES = ['Lily', 'Tom', 'Amy', 'Jack', 'Grace', 'Leo', 'Mia', 'Sam', 'Ella', 'Max'];
const SEXES = ['female', 'male', 'unknown'];
const RELATIONSHIPS = ['teacher', 'neighbour', 'relative', 'social_worker', 'doctor_or_nurse'];

/** A small seeded PRNG (mulberry32), so a run's bodies can be reproduced. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds report bodies. `regionCodes` come from GET /api/regions. With `unique`, every child's
 * name carries the report's index, so triage never links two bench reports into one case (each
 * report then opens its own case and produces a `case.created`).
 */
export function reportFactory({ regionCodes, seed = 1, unique = false }) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  return (i) => {
    const zh = i % 2 === 0;
    // Every category appears: the i-th report always includes category i mod 20.
    const categories = [SITUATION_CATEGORIES[i % SITUATION_CATEGORIES.length]];
    const extra = Math.floor(random() * 3);
    for (let k = 0; k < extra; k++) categories.push(pick(SITUATION_CATEGORIES));
    const childCount = 1 + Math.floor(random() * 3);
    const children = Array.from({ length: childCount }, (_, k) => {
      const base = zh ? `${pick(ZH_SURNAMES)}${pick(ZH_GIVEN)}` : pick(EN_NAMES);
      const child = {};
      if (random() < 0.8) child.name = unique ? `${base}${i}-${k}` : base;
      if (random() < 0.9) child.age = Math.floor(random() * 18);
      if (random() < 0.7) child.sex = pick(SEXES);
      if (random() < 0.3) child.school = zh ? '第一实验小学' : 'No. 1 Experimental Primary School';
      return child;
    });
    const r = random();
    const reporter =
      r < 0.4
        ? { type: 'anonymous' }
        : r < 0.8
          ? {
              type: 'person',
              name: zh ? `${pick(ZH_SURNAMES)}老师` : 'Ms Chen',
              phone: `1${38 + Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
              relationship: pick(RELATIONSHIPS),
            }
          : {
              type: 'organisation',
              orgName: zh ? '阳光社区服务中心' : 'Sunshine Community Centre',
            };
    const body = {
      reporter,
      children,
      categories,
      immediateDanger: random() < 0.15,
      narrative: pick(zh ? ZH_NARRATIVES : EN_NARRATIVES),
      language: zh ? 'zh-CN' : 'en',
    };
    if (regionCodes.length > 0 && random() < 0.9) {
      body.location = { regionCode: pick(regionCodes) };
      if (random() < 0.5) body.location.address = zh ? '幸福路12号3单元' : '12 Xingfu Road, unit 3';
    }
    return body;
  };
}
