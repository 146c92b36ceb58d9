import type { Role } from '@hutong/shared';
import type { Db } from '../../db/client.js';
import { centres, reporterOrgs, users } from '../../db/schema.js';
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

export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'operator', displayName: '接线员 王芳', role: 'operator' },
  { username: 'operator2', displayName: '接线员 李明', role: 'operator' },
  { username: 'supervisor', displayName: '值班主任 陈静', role: 'supervisor' },
  { username: 'centre', displayName: '救助中心 赵强', role: 'centre_staff' },
  { username: 'reporter', displayName: '学校报告人 刘老师', role: 'reporter' },
  { username: 'admin', displayName: '管理员', role: 'admin' },
];

/**
 * Seeds demo data once, into an empty database (demo mode only; never in production).
 * Returns false when users already exist.
 */
export async function seedDemo(db: Db, password: string): Promise<boolean> {
  if (await anyUsers(db)) return false;
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
      })),
    );
  });
  return true;
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
