import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  ATTACHMENT_MAX_BYTES,
  ZAttachmentView,
  ZCaseDetail,
  ZReferralDetail,
} from '@hutong/shared';
import { attachments, auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser, demoCentres } from '../../../test/fixtures.js';
import { request } from '../../../test/http.js';
import { claimedCase } from '../../../test/cases.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { HTML_PAGE, jpegFile } from '../../../test/files.js';

const PDF = Buffer.from('%PDF-1.4\n% placement record\n').toString('base64');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

describe(`outcome attachments (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let centre: string;
  let otherCentre: string;
  let cityCentreId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const demo = await demoCentres(server);
    cityCentreId = demo.cityId;
    otherCentre = await addUser(server, {
      username: 'conghua3',
      displayName: '从化站 值班员',
      role: 'centre_staff',
      centreId: demo.conghuaId,
    });
    [operator, centre] = await Promise.all([server.login('operator'), server.login('centre')]);
  });
  afterAll(() => server?.stop());

  let child = 0;
  /** A referral to the city centre that the centre has accepted. */
  async function acceptedReferral() {
    const { caseId } = await claimedCase(server, operator, {
      categories: ['bullying'],
      immediateDanger: false,
      children: [{ name: `小玲${++child}`, age: 11 }],
    });
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityCentreId },
      cookie: operator,
    });
    const id = referral.body.id as string;
    return { caseId, id };
  }
  const attach = (id: string, body: object, cookie = centre) =>
    request(server.url, `/api/referrals/${id}/attachments`, { body, cookie });
  const move = (id: string, status: string) =>
    request(server.url, `/api/referrals/${id}`, {
      method: 'PATCH',
      body: { status },
      cookie: centre,
    });

  it('stores the centre’s placement record with the case, where the operator sees it', async () => {
    const { caseId, id } = await acceptedReferral();
    const early = await attach(id, {
      filename: 'record.pdf',
      contentType: 'application/pdf',
      dataBase64: PDF,
    });
    expect(early.status).toBe(409);
    await move(id, 'acknowledged');
    await move(id, 'accepted');

    const res = await attach(id, {
      filename: '安置记录.pdf',
      contentType: 'application/pdf',
      dataBase64: PDF,
    });
    expect(res.status).toBe(201);
    const file = ZAttachmentView.parse(res.body);

    const detail = ZCaseDetail.parse(
      (await request(server.url, `/api/cases/${caseId}`, { cookie: operator })).body,
    );
    expect(detail.attachments.map((a) => [a.id, a.filename, a.uploadedBy?.displayName])).toEqual([
      [file.id, '安置记录.pdf', file.uploadedBy!.displayName],
    ]);
    const download = await fetch(`${server.url}/api/cases/${caseId}/attachments/${file.id}`, {
      headers: { cookie: operator },
    });
    expect(Buffer.from(await download.arrayBuffer()).toString('base64')).toBe(PDF);
    const [row] = await server.database.db
      .select({ referralId: attachments.referralId })
      .from(attachments)
      .where(eq(attachments.id, file.id));
    expect(row!.referralId).toBe(id);
    // The centre sees what it attached on the referral.
    const referral = ZReferralDetail.parse(
      (await request(server.url, `/api/referrals/${id}`, { cookie: centre })).body,
    );
    expect(referral.attachments.map((a) => a.id)).toEqual([file.id]);
  });

  it('lets the centre download what it attached — only its own — and audits each read', async () => {
    const { caseId, id } = await acceptedReferral();
    await move(id, 'acknowledged');
    await move(id, 'accepted');
    const file = ZAttachmentView.parse(
      (await attach(id, { filename: '照片.png', contentType: 'image/png', dataBase64: PNG })).body,
    );
    const download = (cookie: string, attachmentId = file.id) =>
      fetch(`${server.url}/api/referrals/${id}/attachments/${attachmentId}`, {
        headers: { cookie },
      });

    const own = await download(centre);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await own.arrayBuffer()).toString('base64')).toBe(PNG);
    expect((await download(otherCentre)).status).toBe(404);
    // A case file the operator added is not the referral's: not reachable this way.
    const caseFile = await request(server.url, `/api/cases/${caseId}/attachments`, {
      body: { filename: 'note.pdf', contentType: 'application/pdf', dataBase64: PDF },
      cookie: operator,
    });
    expect(caseFile.status).toBe(201);
    expect((await download(centre, caseFile.body.id as string)).status).toBe(404);

    const reads = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'referral.attachment_read'), eq(auditLog.entityId, file.id)));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.caseId).toBe(caseId);
  });

  it('lets only the referred centre attach, and only photos and PDFs within the size limit', async () => {
    const { id } = await acceptedReferral();
    await move(id, 'acknowledged');
    await move(id, 'accepted');
    const pdf = { filename: 'r.pdf', contentType: 'application/pdf', dataBase64: PDF };
    const other = await attach(id, pdf, otherCentre);
    expect(other.status).toBe(404);
    const byOperator = await attach(id, pdf, operator);
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.error.code).toBe('FORBIDDEN');

    const exe = await attach(id, {
      ...pdf,
      filename: 'x.exe',
      contentType: 'application/x-msdownload',
    });
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(exe.body.error.data).toHaveProperty('contentType');

    const empty = await attach(id, { ...pdf, dataBase64: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.data).toHaveProperty('dataBase64');

    const big = await attach(id, {
      ...pdf,
      dataBase64: Buffer.alloc(ATTACHMENT_MAX_BYTES + 1).toString('base64'),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(big.body)).not.toMatch(/at \w+ \(/);

    // A PDF sent as a photo, or a web page sent as a PDF, is refused by its content.
    const mislabelled = await attach(id, {
      filename: 'p.jpg',
      contentType: 'image/jpeg',
      dataBase64: PDF,
    });
    expect(mislabelled.status).toBe(415);
    expect(mislabelled.body.error.data).toHaveProperty('dataBase64');
    const page = await attach(id, { ...pdf, dataBase64: HTML_PAGE.toString('base64') });
    expect(page.status).toBe(415);
    expect(page.body.error.data).toHaveProperty('dataBase64');

    const photo = await attach(id, {
      filename: 'p.jpg',
      contentType: 'IMAGE/JPEG',
      dataBase64: jpegFile().toString('base64'),
    });
    expect(photo.status).toBe(201);
    expect(photo.body.contentType).toBe('image/jpeg');
  });
});
