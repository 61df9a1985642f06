import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '../../support/db';
import { applyConfig, ConfigFileError, hasChanges, loadConfigFile, planConfig } from '../../../src/admin/config-file';
import { configSections } from '../../../src/admin/sections';
import { getSettings } from '../../../src/features/municipality/settings';
import { getContent } from '../../../src/features/content/content.service';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { fileComplaint } from '../../../src/features/complaints/complaints.service';
import { DepartmentModel } from '../../../src/features/departments/department.model';

const db = useTestDatabase();
const EXAMPLE = path.join(__dirname, '../../../scripts/examples/municipality.yaml');
const NOW = new Date('2026-11-21T03:00:00Z');
let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function problemsOf(file: string): string[] {
  try {
    loadConfigFile(file, configSections);
  } catch (err) {
    if (err instanceof ConfigFileError) return err.problems;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

beforeEach(async () => {
  await db.clear();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('admin configuration file', () => {
  it('when the example file is applied twice, then the second apply changes nothing', async () => {
    const loaded = loadConfigFile(EXAMPLE, configSections);
    expect(loaded.sections.map((s) => s.section.key)).toEqual(['settings', 'departments', 'categories', 'queueServices', 'surveys', 'content']);
    const first = await applyConfig(loaded, NOW);
    expect(hasChanges(first)).toBe(true);
    expect(first.find((r) => r.section === 'departments')?.changes.filter((c) => c.action === 'create')).toHaveLength(9);
    expect((await getContent('noGift')).year).toBe(2569);

    const second = await applyConfig(loadConfigFile(EXAMPLE, configSections), NOW);
    expect(second.flatMap((r) => r.changes).filter((c) => c.action !== 'unchanged')).toEqual([]);
    expect(hasChanges(await planConfig(loadConfigFile(EXAMPLE, configSections)))).toBe(false);
  });

  it('when a category with a filed case leaves the file, then it is deactivated, kept, and the case still names it', async () => {
    await applyConfig(loadConfigFile(EXAMPLE, configSections), NOW);
    const filed = await fileComplaint({ citizenId: 'U_citizen_1', channel: 'line', categoryCode: 'garbage', description: 'ขยะล้นถังหน้าตลาดมาสามวันแล้ว ส่งกลิ่นเหม็นมาก', photos: [] }, NOW);
    const without = fs.readFileSync(EXAMPLE, 'utf8').replace(/ {2}- code: garbage\n( {4}.*\n)+?(?= {2}- code: nuisance)/, '');
    const file = write('without-garbage.yaml', without);
    const plan = await planConfig(loadConfigFile(file, configSections));
    expect(plan.find((r) => r.section === 'categories')?.changes.filter((c) => c.action !== 'unchanged')).toEqual([{ action: 'deactivate', key: 'garbage' }]);
    await applyConfig(loadConfigFile(file, configSections), NOW);
    expect(await CategoryModel.findOne({ code: 'garbage' }).lean()).toMatchObject({ active: false });
    expect(await ComplaintModel.findById(filed._id).lean()).toMatchObject({ number: filed.number, categoryCode: 'garbage', status: 'received' });
    await expect(fileComplaint({ citizenId: 'U_citizen_2', channel: 'line', categoryCode: 'garbage', description: 'ขยะล้นถังอีกแล้วที่หน้าตลาดสด', photos: [] }, NOW)).rejects.toMatchObject({ kind: 'user_input' });
  });

  it('when a category or a queue service names a department that does not exist, then every such reference is reported and nothing changes', async () => {
    const file = write('refs.yaml', [
      'categories:',
      '  - { code: fire, name: { th: ไฟไหม้ }, departmentCode: no-such-department }',
      'queueServices:',
      '  - { code: tax, prefix: T, departmentCode: no-such-department, name: { th: ชำระภาษี }, counters: [1], hours: [{ days: [mon], open: "08:30", close: "16:30" }], dailyLimit: 50, minutesPerPerson: 10 }',
      '',
    ].join('\n'));
    const loaded = loadConfigFile(file, configSections);
    const expected = [
      'refs.yaml: categories[0].departmentCode: no "no-such-department" in departments in the database (add it to the file\'s departments)',
      'refs.yaml: queueServices[0].departmentCode: no "no-such-department" in departments in the database (add it to the file\'s departments)',
    ];
    await expect(planConfig(loaded)).rejects.toMatchObject({ problems: expected });
    await expect(applyConfig(loaded, NOW)).rejects.toMatchObject({ problems: expected });
    expect(await CategoryModel.countDocuments()).toBe(0);
  });

  it('when the file has departments, then references are checked against them: one left out (and so deactivated) or set inactive is reported', async () => {
    await DepartmentModel.create({ code: 'clerk', name: { th: 'สำนักปลัด' }, active: true });
    const file = write('depts.yaml', [
      'departments:',
      '  - { code: public-works, name: { th: กองช่าง } }',
      '  - { code: audit, name: { th: หน่วยตรวจสอบภายใน }, active: false }',
      'categories:',
      '  - { code: road, name: { th: ถนน }, departmentCode: public-works }',
      '  - { code: other, name: { th: อื่น ๆ }, departmentCode: clerk }',
      '  - { code: fraud, name: { th: ทุจริต }, departmentCode: audit }',
      '',
    ].join('\n'));
    await expect(planConfig(loadConfigFile(file, configSections))).rejects.toMatchObject({
      problems: [
        'depts.yaml: categories[1].departmentCode: "clerk" is not in this file\'s departments, so applying the file deactivates it',
        'depts.yaml: categories[2].departmentCode: "audit" is set inactive in this file\'s departments',
      ],
    });
    const fixed = write('fixed.yaml', fs.readFileSync(file, 'utf8').replace(/ {2}- \{ code: other.*\n/, '').replace(/ {2}- \{ code: fraud.*\n/, ''));
    expect((await planConfig(loadConfigFile(fixed, configSections))).find((r) => r.section === 'categories')?.changes).toEqual([{ action: 'create', key: 'road' }]);
  });

  it('when two queue services share a ticket prefix, then the file is refused naming both, before any database work', () => {
    const service = (code: string) => `  - { code: ${code}, prefix: A, departmentCode: finance, name: { th: ${code} }, counters: [1], hours: [{ days: [mon], open: "08:30", close: "16:30" }], dailyLimit: 50, minutesPerPerson: 10 }`;
    const file = write('prefix.yaml', ['queueServices:', service('tax'), service('permit'), ''].join('\n'));
    expect(problemsOf(file)).toEqual(['prefix.yaml: queueServices[1].prefix: "A" is already used by queueServices[0]']);
  });

  it('when a field is removed from an item, then apply removes it (or restores its default) and the next plan is clean', async () => {
    const file = write('v1.yaml', [
      'departments:',
      '  - { code: public-works, name: { th: กองช่าง }, lineGroupId: C0123456789abcdef0123456789abcdef, sortOrder: 5 }',
      'categories:',
      '  - { code: fire, name: { th: ไฟไหม้, en: Fire }, departmentCode: public-works, hotline: "199", icon: "🔥", sortOrder: 1 }',
      '',
    ].join('\n'));
    await applyConfig(loadConfigFile(file, configSections), NOW);
    expect(await CategoryModel.findOne({ code: 'fire' }).lean()).toMatchObject({ hotline: '199', icon: '🔥', sortOrder: 1 });

    const trimmed = write('v2.yaml', [
      'departments:',
      '  - { code: public-works, name: { th: กองช่าง } }',
      'categories:',
      '  - { code: fire, name: { th: ไฟไหม้ }, departmentCode: public-works }',
      '',
    ].join('\n'));
    const plan = await planConfig(loadConfigFile(trimmed, configSections));
    expect(plan.find((r) => r.section === 'departments')?.changes).toEqual([{ action: 'update', key: 'public-works', details: 'lineGroupId: "C0123456789abcdef0123456789abcdef" -> -; sortOrder: 5 -> 100' }]);
    expect(plan.find((r) => r.section === 'categories')?.changes[0].details).toBe('name: {"en":"Fire","th":"ไฟไหม้"} -> {"th":"ไฟไหม้"}; hotline: "199" -> -; icon: "🔥" -> -; sortOrder: 1 -> 100');

    await applyConfig(loadConfigFile(trimmed, configSections), NOW);
    const fire = await CategoryModel.findOne({ code: 'fire' }).lean();
    expect(fire).toMatchObject({ name: { th: 'ไฟไหม้' }, sortOrder: 100, active: true });
    expect(fire).not.toHaveProperty('hotline');
    expect(fire).not.toHaveProperty('icon');
    expect(await DepartmentModel.findOne({ code: 'public-works' }).lean()).not.toHaveProperty('lineGroupId');
    expect(hasChanges(await planConfig(loadConfigFile(trimmed, configSections)))).toBe(false);
  });

  it('when settings change, then the plan names each setting with its old and new value', async () => {
    const file = write('settings.yaml', 'settings:\n  complaints: { defaultDueDays: 7 }\n  queue: { noShowMinutes: 15 }\n');
    const plan = await planConfig(loadConfigFile(file, configSections));
    expect(plan).toEqual([
      {
        section: 'settings',
        changes: [
          { action: 'update', key: 'complaints.defaultDueDays', details: '15 -> 7' },
          { action: 'update', key: 'queue.noShowMinutes', details: '10 -> 15' },
        ],
      },
    ]);
    expect((await getSettings()).complaints.defaultDueDays).toBe(15);
    await applyConfig(loadConfigFile(file, configSections), NOW);
    expect((await getSettings()).complaints.defaultDueDays).toBe(7);
    expect(await planConfig(loadConfigFile(file, configSections))).toEqual([{ section: 'settings', changes: [{ action: 'unchanged', key: 'settings' }] }]);
  });

  it('when a file has errors in several sections, then every error is reported with its file, section, index and field', () => {
    const file = write(
      'bad.yaml',
      [
        'settings:',
        '  complaints: { defaultDueDays: 0, dueDayz: 3 }',
        'categories:',
        '  - { code: road, name: { th: ถนน }, departmentCode: public-works }',
        '  - { code: road, name: { th: ถนนซ้ำ }, departmentCode: public-works }',
        '  - { code: Bad Code, name: { th: x }, departmentCode: clerk, dueDays: 500 }',
        'content:',
        '  - { key: contact, name: { th: x }, address: { th: x }, hours: { th: x }, mapUrl: not-a-url, phones: [{ label: { th: โทร }, number: call-me }] }',
        '  - { key: weather }',
        'colours: []',
        '',
      ].join('\n'),
    );
    expect(problemsOf(file)).toEqual([
      'bad.yaml: colours: unknown section (known: settings, departments, categories, queueServices, surveys, content)',
      'bad.yaml: settings.complaints.defaultDueDays: Too small: expected number to be >=1',
      'bad.yaml: settings.complaints.dueDayz: unknown setting',
      'bad.yaml: categories[1]: "road" is already defined at categories[0]',
      'bad.yaml: categories[2].code: Invalid string: must match pattern /^[a-z0-9][a-z0-9-]{1,39}$/',
      'bad.yaml: categories[2].dueDays: Too big: expected number to be <=180',
      'bad.yaml: content[0].phones[0].number: phone number: digits, spaces or dashes, e.g. 053-123456 or 1111',
      'bad.yaml: content[0].mapUrl: Invalid URL',
      'bad.yaml: content[1].key: key must be one of contact, privacy, howTo, noGift, publicInfo, manuals',
    ]);
  });

  it('when the file is not YAML or not a mapping, then it says so with the line', () => {
    expect(problemsOf(write('broken.yaml', 'settings:\n  queue: [1,\n'))[0]).toMatch(/^broken\.yaml: line \d+: /);
    expect(problemsOf(write('list.yaml', '- a\n- b\n'))).toEqual(['list.yaml: the file must be a mapping of sections (settings, departments, categories, queueServices, surveys, content)']);
    expect(problemsOf(write('shape.yaml', 'departments: { code: x }\nsettings: [1]\n'))).toEqual(['shape.yaml: settings: must be an object', 'shape.yaml: departments: must be a list of items']);
    expect(problemsOf(path.join(dir, 'missing.yaml'))[0]).toMatch(/^missing\.yaml: file not found/);
  });

  it('when the file is JSON, then it is read the same way', async () => {
    const file = write('content.json', JSON.stringify({ content: [{ key: 'noGift', year: 2570, title: { th: 'No Gift Policy 2570' }, body: { th: 'งดรับของขวัญทุกชนิด' } }] }));
    const results = await applyConfig(loadConfigFile(file, configSections), NOW);
    expect(results).toEqual([{ section: 'content', changes: [{ action: 'update', key: 'noGift', details: 'year, title, body, url' }] }]);
    expect(await getContent('noGift')).toEqual({ key: 'noGift', year: 2570, title: { th: 'No Gift Policy 2570' }, body: { th: 'งดรับของขวัญทุกชนิด' } });
  });
});
