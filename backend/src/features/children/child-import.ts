import { parse as parseCsv } from 'csv-parse/sync';
import {
  CHILD_CATEGORIES,
  CHILD_CATEGORY_LABEL,
  CHILD_IMPORT_MAX_ROWS,
  CHILD_LIMITS,
  GUARDIAN_RELATION_LABEL,
  hasUnstorableText,
  UNSTORABLE_TEXT_MESSAGE,
  GUARDIAN_RELATIONS,
  ZCreateChild,
  type ChildCategory,
  type GuardianRelation,
  type TChildImportProblem,
  type TCreateChildParsed,
} from '@hutong/shared';

/** One child as a register file gives it; `line` is where it stood, for the problems. */
export interface ChildImportRow {
  line: number;
  child: TCreateChildParsed;
}

/** Every problem of an import, all at once, each with its line; nothing was stored. */
export class ChildImportError extends Error {
  constructor(readonly problems: TChildImportProblem[]) {
    super(`The register file has ${problems.length} problem(s); nothing was imported`);
    this.name = 'ChildImportError';
  }
}

type Column =
  | 'name'
  | 'sex'
  | 'date_of_birth'
  | 'age'
  | 'village_code'
  | 'categories'
  | 'child_phone'
  | 'school'
  | 'health'
  | 'notes';
type GuardianColumn = 'relation' | 'name' | 'phone' | 'lives_with_child' | 'workplace';

// Headers are compared folded: lower case, without spaces, _ - / 、 and brackets of either width.
const fold = (header: string) => header.toLowerCase().replace(/[\s_\-/、()（）]/g, '');

const COLUMNS: Record<Column, string[]> = {
  name: ['name', '姓名', '儿童姓名'],
  sex: ['sex', '性别'],
  date_of_birth: ['date_of_birth', 'dob', 'birth_date', '出生日期', '出生年月日'],
  age: ['age', '年龄'],
  village_code: ['village_code', 'region_code', '村/社区代码', '村（社区）代码', '村代码'],
  categories: ['categories', 'category', '类别', '儿童类别'],
  // The child's own phone; a bare "phone" or 电话 is left unknown (whose number would it be?).
  child_phone: ['child_phone', '儿童电话', '儿童联系电话', '本人电话'],
  school: ['school', '学校', '就读学校'],
  health: ['health', '健康状况'],
  notes: ['notes', '备注'],
};
const GUARDIAN_COLUMNS: Record<GuardianColumn, string[]> = {
  relation: ['relation', '关系', '与儿童关系'],
  name: ['name', '姓名', ''],
  phone: ['phone', '电话', '联系电话'],
  lives_with_child: ['lives_with_child', '是否同住', '同住'],
  workplace: ['workplace', '务工地', '工作地点'],
};
const HEADER_OF = new Map<string, Column>(
  Object.entries(COLUMNS).flatMap(([column, names]) =>
    names.map((n) => [fold(n), column as Column] as const),
  ),
);
const GUARDIAN_PART_OF = new Map<string, GuardianColumn>(
  Object.entries(GUARDIAN_COLUMNS).flatMap(([column, names]) =>
    names.map((n) => [fold(n), column as GuardianColumn] as const),
  ),
);

/** What a header names: a child's column, a guardian's (guardian2_phone, 监护人2电话), or nothing. */
function columnOf(header: string): string | null {
  const folded = fold(header);
  const column = HEADER_OF.get(folded);
  if (column) return column;
  const guardian = /^(?:guardian|监护人)([1-9]?)(.*)$/.exec(folded);
  const part = guardian ? GUARDIAN_PART_OF.get(guardian[2]!) : undefined;
  if (!guardian || !part) return null;
  const n = Number(guardian[1] || '1');
  return n <= CHILD_LIMITS.guardiansMax ? `guardian${n}_${part}` : null;
}

const SEX_OF: Record<string, TCreateChildParsed['sex']> = {
  male: 'male',
  m: 'male',
  男: 'male',
  female: 'female',
  f: 'female',
  女: 'female',
  unknown: 'unknown',
  未知: 'unknown',
};
const CATEGORY_OF = new Map<string, ChildCategory>(
  CHILD_CATEGORIES.flatMap((c) => [
    [c, c],
    [CHILD_CATEGORY_LABEL[c]['zh-CN'], c],
    [CHILD_CATEGORY_LABEL[c].en.toLowerCase(), c],
  ]),
);
// Besides the codes and labels, the words registers use for a relation.
const RELATION_OF = new Map<string, GuardianRelation>([
  ...GUARDIAN_RELATIONS.flatMap((r) => [
    [r, r] as const,
    [GUARDIAN_RELATION_LABEL[r]['zh-CN'], r] as const,
    [GUARDIAN_RELATION_LABEL[r].en.toLowerCase(), r] as const,
  ]),
  ...['父', '爸爸'].map((w) => [w, 'father'] as const),
  ...['母', '妈妈'].map((w) => [w, 'mother'] as const),
  ...['祖父', '祖母', '外祖父', '外祖母', '爷爷', '奶奶', '外公', '外婆'].map(
    (w) => [w, 'grandparent'] as const,
  ),
  ...['亲属', '叔叔', '伯伯', '姑姑', '舅舅', '阿姨', '哥哥', '姐姐'].map(
    (w) => [w, 'relative'] as const,
  ),
]);
const YES = new Set(['yes', 'y', 'true', '1', '是', '同住']);
const NO = new Set(['no', 'n', 'false', '0', '否', '不同住']);

// A cell a spreadsheet would run as a formula when the data is exported again (CSV injection).
const FORMULA = /^[=+\-@\t\r]/;
const FREE_TEXT = new Set(['name', 'school', 'health', 'notes']);

/** 2015-06-01, 2015/6/1, 2015.6.1 and 2015年6月1日 as 2015-06-01; anything else as it is. */
function isoDate(value: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : value;
}

/** The problem's column for a path of the register's schema (guardians.1.phone → guardian2_phone). */
function columnOfPath(path: PropertyKey[]): string {
  const [head, index, part] = path;
  if (head === 'guardians' && typeof index === 'number') {
    const column = Object.entries({
      relation: 'relation',
      name: 'name',
      phone: 'phone',
      livesWithChild: 'lives_with_child',
      workPlace: 'workplace',
    }).find(([k]) => k === part)?.[1];
    return `guardian${index + 1}_${column ?? 'name'}`;
  }
  const named: Record<string, string> = {
    dateOfBirth: 'date_of_birth',
    regionCode: 'village_code',
    phone: 'child_phone',
  };
  return named[String(head)] ?? String(head ?? 'row');
}

/**
 * Reads a register file (CSV, headers in English or Chinese, see README) into children as
 * `POST /api/children` takes them, each with its line, and every problem with its line and column.
 */
export function parseChildFile(
  text: string,
  /** Why a village code is refused (unknown, not a village), or null: checked with each row. */
  villageProblem?: (code: string) => string | null,
): {
  rows: ChildImportRow[];
  problems: TChildImportProblem[];
} {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text.replace(/^\ufeff/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      problems: [{ line, field: 'file', message: 'This is not a readable CSV file' }],
    };
  }
  const header = records[0]?.record;
  const body = records.slice(1);
  if (!header)
    return { rows: [], problems: [{ line: 1, field: 'file', message: 'The file is empty' }] };

  const problems: TChildImportProblem[] = [];
  const columns = header.map(columnOf);
  header.forEach((h, i) => {
    if (columns[i] === null)
      problems.push({ line: 1, field: h || `column ${i + 1}`, message: 'Unknown column' });
    else if (columns.indexOf(columns[i]!) !== i)
      problems.push({ line: 1, field: h, message: `Column ${columns[i]} is given twice` });
  });
  for (const required of ['name', 'sex', 'village_code', 'categories'] as const)
    if (!columns.includes(required))
      problems.push({ line: 1, field: required, message: 'This column is missing' });
  if (!columns.includes('date_of_birth') && !columns.includes('age'))
    problems.push({ line: 1, field: 'date_of_birth', message: 'Give date_of_birth or age' });
  if (problems.length > 0) return { rows: [], problems };
  if (body.length === 0)
    return { rows: [], problems: [{ line: 2, field: 'file', message: 'No children in it' }] };
  if (body.length > CHILD_IMPORT_MAX_ROWS)
    return {
      rows: [],
      problems: [
        { line: 1, field: 'file', message: `At most ${CHILD_IMPORT_MAX_ROWS} children a file` },
      ],
    };

  const rows: ChildImportRow[] = [];
  for (const {
    record,
    info: { lines: line },
  } of body) {
    const cell = (column: string) => {
      const at = columns.indexOf(column);
      return at < 0 ? '' : (record[at] ?? '');
    };
    const rowProblems: TChildImportProblem[] = [];
    const problem = (field: string, message: string) => rowProblems.push({ line, field, message });
    columns.forEach((column, at) => {
      const value = record[at] ?? '';
      const free = FREE_TEXT.has(column!) || /_(name|workplace)$/.test(column!);
      if (hasUnstorableText(value)) problem(column!, UNSTORABLE_TEXT_MESSAGE);
      else if (free && FORMULA.test(value))
        problem(column!, 'Starts like a spreadsheet formula (= + - @): remove that character');
    });
    if (record.length > header.length) problem('row', 'More cells than the header has columns');

    const sexText = cell('sex').toLowerCase();
    const sex = SEX_OF[sexText];
    if (!sex) problem('sex', 'Use male, female or unknown (男, 女, 未知)');
    const categories: ChildCategory[] = [];
    for (const word of cell('categories')
      .split(/[、;；,，|]/)
      .map((w) => w.trim())
      .filter(Boolean)) {
      const category = CATEGORY_OF.get(word.toLowerCase()) ?? CATEGORY_OF.get(word);
      if (category) categories.push(category);
      else problem('categories', `Unknown category “${word}”`);
    }
    const ageText = cell('age');
    const age = ageText === '' ? undefined : /^\d{1,2}$/.test(ageText) ? Number(ageText) : NaN;
    if (Number.isNaN(age)) problem('age', 'Give the age in whole years');

    const guardians: Record<string, unknown>[] = [];
    for (let n = 1; n <= CHILD_LIMITS.guardiansMax; n++) {
      const part = (p: GuardianColumn) => cell(`guardian${n}_${p}`);
      const given = Object.keys(GUARDIAN_COLUMNS).some((p) => part(p as GuardianColumn) !== '');
      if (!given) continue;
      const relation = RELATION_OF.get(part('relation').toLowerCase());
      if (!relation)
        problem(
          `guardian${n}_relation`,
          `Use one of ${GUARDIAN_RELATIONS.join(', ')} (父亲, 母亲…)`,
        );
      const lives = part('lives_with_child').toLowerCase();
      const livesWithChild = YES.has(lives) ? true : NO.has(lives) ? false : undefined;
      if (livesWithChild === undefined)
        problem(`guardian${n}_lives_with_child`, 'Say yes or no (是 or 否)');
      guardians.push({
        relation: relation ?? 'other',
        name: part('name'),
        ...(part('phone') ? { phone: part('phone') } : {}),
        livesWithChild: livesWithChild ?? false,
        ...(part('workplace') ? { workPlace: part('workplace') } : {}),
      });
    }

    const optional = (column: Column) => (cell(column) === '' ? {} : { [column]: cell(column) });
    const parsed = ZCreateChild.safeParse({
      name: cell('name'),
      sex: sex ?? 'unknown',
      ...(cell('date_of_birth') ? { dateOfBirth: isoDate(cell('date_of_birth')) } : {}),
      ...(age !== undefined && !Number.isNaN(age) ? { age } : {}),
      regionCode: cell('village_code'),
      categories: categories.length > 0 || cell('categories') !== '' ? categories : [],
      guardians,
      ...(cell('child_phone') ? { phone: cell('child_phone') } : {}),
      ...optional('school'),
      ...optional('health'),
      ...optional('notes'),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = columnOfPath(issue.path);
        // A column already reported (an unknown word) is not reported again as empty.
        if (!rowProblems.some((p) => p.field === field)) problem(field, issue.message);
      }
    }
    // The village with the row's other problems, so one pass lists them all.
    const village = cell('village_code');
    if (villageProblem && village !== '' && !rowProblems.some((p) => p.field === 'village_code')) {
      const refused = villageProblem(village);
      if (refused) problem('village_code', refused);
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else if (parsed.success) rows.push({ line, child: parsed.data });
  }
  return { rows, problems };
}
