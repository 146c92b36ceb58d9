import type { Role } from '@hutong/shared';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { centres, directoryEntries, regions, reporterOrgs, users } from '../../db/schema.js';
import { importRegions, rowsFromTree, type RegionTree } from '../regions/import-regions.js';
import { hashPassword } from '../auth/passwords.js';

/** A demo region tree: one province → two cities → counties → townships → villages. */
const REGION_TREE: RegionTree = {
  code: '440000',
  name: '广东省',
  children: [
    {
      code: '440100',
      name: '广州市',
      children: [
        {
          code: '440106',
          name: '天河区',
          children: [
            {
              code: '440106001',
              name: '五山街道',
              children: [
                { code: '440106001001', name: '华工社区' },
                { code: '440106001002', name: '茶山社区' },
              ],
            },
            {
              code: '440106002',
              name: '石牌街道',
              children: [{ code: '440106002001', name: '石牌东社区' }],
            },
          ],
        },
        {
          code: '440117',
          name: '从化区',
          children: [
            {
              code: '440117101',
              name: '温泉镇',
              children: [
                { code: '440117101201', name: '石南村' },
                { code: '440117101202', name: '龙岗村' },
              ],
            },
          ],
        },
      ],
    },
    {
      code: '440200',
      name: '韶关市',
      children: [
        {
          code: '440232',
          name: '乳源瑶族自治县',
          children: [
            {
              code: '440232104',
              name: '必背镇',
              children: [
                { code: '440232104201', name: '必背口村' },
                { code: '440232104202', name: '王茶村' },
              ],
            },
            {
              code: '440232105',
              name: '游溪镇',
              children: [{ code: '440232105201', name: '游溪村' }],
            },
          ],
        },
      ],
    },
  ],
};

/** Directory entries the demo starts with (institutions' public numbers, made up). */
const DEMO_DIRECTORY: (typeof directoryEntries.$inferInsert)[] = [
  {
    name: '天河区公安分局五山派出所',
    kind: 'police',
    phone: '020-87110110',
    regionCode: '440106001',
  },
  {
    name: '天河区公安分局石牌派出所',
    kind: 'police',
    phone: '020-85110110',
    regionCode: '440106002',
  },
  {
    name: '天河区教育局学校安全办公室',
    kind: 'school_safety',
    phone: '020-38620000',
    regionCode: '440106',
  },
  { name: '广州市妇女儿童医疗中心', kind: 'hospital', phone: '020-81880000', regionCode: '440100' },
  { name: '从化区温泉镇派出所', kind: 'police', phone: '020-87810110', regionCode: '440117101' },
  {
    name: '乳源瑶族自治县公安局必背派出所',
    kind: 'police',
    phone: '0751-5321110',
    regionCode: '440232104',
  },
  { name: '乳源瑶族自治县人民医院', kind: 'hospital', phone: '0751-5322120', regionCode: '440232' },
  {
    name: '乳源瑶族自治县民政局',
    kind: 'civil_affairs',
    phone: '0751-5320000',
    regionCode: '440232',
  },
];

export const DEMO_USERS: {
  username: string;
  displayName: string;
  role: Role;
  /** For the roles bound to a region. */
  regionCode?: string;
}[] = [
  { username: 'operator', displayName: '接线员 王芳', role: 'operator' },
  { username: 'operator2', displayName: '接线员 李明', role: 'operator' },
  { username: 'supervisor', displayName: '值班主任 陈静', role: 'supervisor' },
  { username: 'centre', displayName: '救助中心 赵强', role: 'centre_staff' },
  { username: 'reporter', displayName: '学校报告人 刘老师', role: 'reporter' },
  { username: 'admin', displayName: '管理员', role: 'admin' },
  // The watching half: 石南村's director, 温泉镇's supervisor, and 广州市's civil-affairs analyst.
  {
    username: 'director',
    displayName: '儿童主任 黄丽',
    role: 'child_director',
    regionCode: '440117101201',
  },
  {
    username: 'township',
    displayName: '儿童督导员 林涛',
    role: 'township_supervisor',
    regionCode: '440117101',
  },
  { username: 'analyst', displayName: '民政统计 周敏', role: 'analyst', regionCode: '440100' },
];

/**
 * Seeds demo data once, into an empty database (demo mode only; never in production).
 * Returns false when users already exist.
 */
export async function seedDemo(db: Db, password: string): Promise<boolean> {
  if (await anyUsers(db)) {
    await addNewDemoUsers(db, password);
    return false;
  }
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    // The same path as `npm run import-regions`.
    await importRegions(
      tx,
      rowsFromTree(REGION_TREE).map((row, index) => ({ ...row, line: index + 1 })),
    );
    const [cityCentre] = await tx
      .insert(centres)
      .values([
        {
          name: '广州市未成年人救助保护中心',
          kind: 'county_rescue_centre',
          regionCode: '440100',
          jurisdiction: ['440100'],
          dutyContacts: [{ label: '值班电话', phone: '+862000000001', sms: true }],
        },
        {
          name: '从化区未成年人救助保护站',
          kind: 'township_station',
          regionCode: '440117',
          jurisdiction: ['440117'],
          dutyContacts: [{ label: '值班电话', phone: '+862000000002', sms: true }],
        },
        {
          name: '乳源瑶族自治县未成年人救助保护中心',
          kind: 'county_rescue_centre',
          regionCode: '440232',
          jurisdiction: ['440232'],
          dutyContacts: [{ label: '值班电话', phone: '+867510000001', sms: true }],
        },
        {
          name: '广州市公安局',
          kind: 'police',
          regionCode: '440100',
          jurisdiction: ['440100'],
          dutyContacts: [{ label: '指挥中心', phone: '+862000000110', sms: true }],
        },
      ])
      .returning({ id: centres.id });
    // The operators' directory: police, hospitals and offices in the demo regions.
    await tx.insert(directoryEntries).values(DEMO_DIRECTORY);
    const [school] = await tx
      .insert(reporterOrgs)
      .values([
        {
          name: '天河区五山小学',
          kind: 'school',
          regionCode: '440106001',
          letterSignedAt: new Date('2025-09-01'),
        },
        {
          name: '从化区人民医院',
          kind: 'hospital',
          regionCode: '440117101',
          letterSignedAt: new Date('2025-06-15'),
        },
      ])
      .returning({ id: reporterOrgs.id });
    await tx.insert(users).values(
      DEMO_USERS.map((u) => ({
        ...u,
        passwordHash: hash,
        centreId: u.role === 'centre_staff' ? cityCentre!.id : null,
        orgId: u.role === 'reporter' ? school!.id : null,
        regionCode: u.regionCode ?? null,
      })),
    );
  });
  return true;
}

/**
 * A demo database seeded by an older version gets the demo users added since (the watching
 * half's roles), where their regions exist; nobody else is touched.
 */
async function addNewDemoUsers(db: Db, password: string): Promise<void> {
  const existing = new Set(
    (await db.select({ username: users.username }).from(users)).map((u) => u.username),
  );
  const missing = DEMO_USERS.filter((u) => u.regionCode && !existing.has(u.username));
  if (missing.length === 0) return;
  const known = new Set(
    (
      await db
        .select({ code: regions.code })
        .from(regions)
        .where(
          inArray(
            regions.code,
            missing.map((u) => u.regionCode!),
          ),
        )
    ).map((r) => r.code),
  );
  const hash = await hashPassword(password);
  const rows = missing
    .filter((u) => known.has(u.regionCode!))
    .map((u) => ({ ...u, passwordHash: hash }));
  if (rows.length > 0) await db.insert(users).values(rows).onConflictDoNothing();
}

/** Production's first account: an `admin`, created only while the users table is empty. */
export async function bootstrapAdmin(db: Db, password: string): Promise<boolean> {
  if (await anyUsers(db)) return false;
  await db.insert(users).values({
    username: 'admin',
    displayName: 'Administrator',
    role: 'admin',
    passwordHash: await hashPassword(password),
  });
  return true;
}

async function anyUsers(db: Db): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}
