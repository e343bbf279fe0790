import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPLAINT_ID, addAction, askWhy, initBoard, markRootCause, readBoard, updateCause, updateLetter } from '../../shared/board';
import { exportBoardFile } from '../../shared/boardFile';
import type { CreateBoardResponse } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { hasPoppler, pdfText } from '../fixtures/pdf';
import { startTestServer, tempDir } from '../fixtures/server';

// The document check of issue 13 (finding 4): a customer's name must never be wrong in a letter to that customer.
// Built-in Helvetica printed "Łukasz" as "Aukasz" and dropped the arrow of "LIS→OSL".

const SCREENSHOTS = path.resolve('test-results/screenshots');

interface ScriptBoard {
  language: string;
  title: string;
  customer: string;
  complaint: string;
  /** From the complaint down: the last is the root cause. */
  causes: [string, ...string[]];
  evidence: string;
  /** Short enough for one line of the narrowest table cell: pdftotext reads a wrapped cell with its neighbours' lines between. */
  action: string;
  owner: string;
  customerText: string;
  contactName: string;
  letter: string;
}

/** One board per script, as a team in that country writes it: the strings the PDFs must carry exactly. */
const BOARDS: ScriptBoard[] = [
  {
    language: 'polish',
    title: 'Zgubiony bagaż na trasie LIS→OSL',
    customer: 'Łukasz Wójcik',
    complaint: 'Mój bagaż nie doleciał do Oslo. Trzy dni czekałem na walizkę, a infolinia za każdym razem kazała mi dzwonić jutro.',
    causes: [
      'Walizka została w Lizbonie przy przesiadce',
      'Etykieta bagażowa była nieczytelna dla skanera',
      'Drukarka etykiet przy stanowisku 12 źle drukuje kody kreskowe',
    ],
    evidence: 'Raport skanera z 14 listopada: 37 nieodczytanych etykiet ze stanowiska 12.',
    action: 'Nowa drukarka etykiet',
    owner: 'Kierownik zmiany',
    customerText: 'Zwracamy Panu koszty zakupów na czas oczekiwania na bagaż',
    contactName: 'Zofia Żelazowska',
    letter:
      'Szanowny Panie Łukaszu,\n\nprzepraszamy za zgubienie Pana bagażu na trasie LIS→OSL. To był nasz błąd i bierzemy za niego pełną odpowiedzialność. Przyczyną była wadliwa drukarka etykiet w Lizbonie; wymieniamy ją do 5 grudnia.\n\nZ wyrazami szacunku\nZofia Żelazowska',
  },
  {
    language: 'greek',
    title: 'Διπλή χρέωση κράτησης',
    customer: 'Αλέξανδρος Παπαδόπουλος',
    complaint: 'Χρεωθήκατε δύο φορές για την ίδια κράτηση και κανείς δεν μου εξήγησε γιατί.',
    causes: ['Η πληρωμή καταχωρήθηκε δύο φορές', 'Το σύστημα επανέλαβε την αίτηση μετά από χρονικό όριο', 'Η επανάληψη δεν ελέγχει αν η πρώτη πληρωμή πέτυχε'],
    evidence: 'Αρχείο πληρωμών: δύο χρεώσεις με διαφορά 30 δευτερολέπτων.',
    action: 'Έλεγχος διπλής χρέωσης',
    owner: 'Ομάδα πληρωμών',
    customerText: 'Επιστρέψαμε τη δεύτερη χρέωση στην κάρτα σας',
    contactName: 'Ελένη Γεωργίου',
    letter:
      'Αγαπητέ κύριε Παπαδόπουλε,\n\nλυπούμαστε πολύ για τη διπλή χρέωση. Το λάθος ήταν δικό μας και αναλαμβάνουμε την ευθύνη. Επιστρέψαμε τη δεύτερη χρέωση στην κάρτα σας.\n\nΜε εκτίμηση,\nΕλένη Γεωργίου',
  },
  {
    language: 'russian',
    title: 'Заказ доставлен не по адресу',
    customer: 'Дмитрий Иванов',
    complaint: 'Мой заказ отдали соседу, а служба поддержки сказала, что это моя проблема.',
    causes: ['Курьер оставил заказ у другой двери', 'В накладной был указан неполный адрес', 'Форма заказа не проверяет номер квартиры'],
    evidence: 'Накладная № 4471: поле «квартира» пустое.',
    action: 'Проверка квартиры',
    owner: 'Отдел доставки',
    customerText: 'Мы доставим вам новый заказ за наш счёт',
    contactName: 'Ольга Смирнова',
    letter:
      'Уважаемый Дмитрий,\n\nприносим извинения за то, что ваш заказ был доставлен не по адресу. Это наша ошибка, и мы берём на себя ответственность. Мы доставим вам новый заказ за наш счёт.\n\nС уважением,\nОльга Смирнова',
  },
  {
    language: 'vietnamese',
    title: 'Phòng khách sạn không như đã đặt',
    customer: 'Nguyễn Thị Hồng',
    complaint: 'Tôi đặt phòng hướng biển nhưng được xếp vào phòng nhìn ra bãi đỗ xe. Lễ tân nói không thể đổi.',
    causes: [
      'Phòng hướng biển đã được giao cho khách khác',
      'Hệ thống đặt phòng cho phép đặt quá số phòng',
      'Giới hạn đặt phòng không được cập nhật sau khi sửa chữa tầng năm',
    ],
    evidence: 'Nhật ký đặt phòng ngày 3 tháng 11: 12 phòng hướng biển được bán cho 11 phòng trống.',
    action: 'Sửa giới hạn đặt phòng',
    owner: 'Quản lý lễ tân',
    customerText: 'Chúng tôi hoàn lại tiền chênh lệch cho ba đêm của chị',
    contactName: 'Trần Văn Đức',
    letter:
      'Kính gửi chị Nguyễn Thị Hồng,\n\nchúng tôi thành thật xin lỗi vì chị không nhận được phòng hướng biển như đã đặt. Đây là lỗi của chúng tôi và chúng tôi chịu trách nhiệm.\n\nTrân trọng,\nTrần Văn Đức',
  },
  {
    language: 'japanese',
    title: '注文した商品が届かない',
    customer: '山田太郎',
    complaint: '注文した商品が一週間たっても届きません。問い合わせても返事がありませんでした。',
    causes: ['商品が倉庫から出荷されていなかった', '注文が出荷リストに載っていなかった', '夜間の在庫更新が失敗しても誰にも通知されない'],
    evidence: '十一月十四日の在庫更新ログにエラーが三件記録されている。',
    action: '更新失敗を自動で通知する',
    owner: '物流チーム',
    customerText: '商品は本日発送し、送料は当社が負担いたします',
    contactName: '佐藤花子',
    letter:
      '山田太郎様\n\nこのたびはご注文の商品が届かず、大変ご迷惑をおかけしました。原因は当社の在庫管理の不備であり、責任は当社にあります。商品は本日発送し、送料は当社が負担いたします。\n\n佐藤花子',
  },
];

function buildBoard(b: ScriptBoard) {
  const doc = new Y.Doc();
  initBoard(doc, { title: b.title, complaint: { text: b.complaint, customer: b.customer } }, 'test');
  let parent = COMPLAINT_ID;
  for (const text of b.causes) {
    parent = askWhy(doc, parent, { text }, 'test');
    updateCause(doc, parent, { status: 'confirmed' }, 'test');
  }
  markRootCause(doc, parent, true, 'test');
  updateCause(doc, parent, { evidence: b.evidence, inControl: true }, 'test');
  addAction(doc, parent, { kind: 'preventive', text: b.action, owner: b.owner, due: '2026-12-05', customerText: b.customerText }, 'test');
  updateLetter(doc, { text: b.letter, contactName: b.contactName, contactReach: 'care@example.com', nextContact: '2026-12-06' }, 'test');
  return exportBoardFile(readBoard(doc), Date.UTC(2026, 10, 20));
}

/**
 * Text as a reader compares it: one space for each run of white space (a line break included), none between two CJK
 * characters (a line may break between them), and no hyphen that only split a word at the end of a line.
 */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/u;
function readable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/(\p{L})-\n(?=\p{Ll})/gu, '$1')
    .replace(/\s+/g, ' ')
    .replace(/(\S) (?=(\S))/gu, (match, before: string, after: string) => (CJK.test(before) && CJK.test(after) ? before : match))
    .trim();
}

describe.skipIf(!hasPoppler && process.env.WHYBOARD_FORBID_SKIP !== '1')('PDFs in every script a customer writes in', () => {
  let server: WhyboardServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { importsPerMinute: 1000 } });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => server?.close());

  async function exportsOf(b: ScriptBoard) {
    const created = await fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(buildBoard(b)),
    });
    expect(created.status).toBe(201);
    const board = (await created.json()) as CreateBoardResponse;
    const get = async (name: string) => {
      const response = await fetch(`${server.url}/api/boards/${board.id}/export/${name}`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    return { report: await get('report.pdf'), letter: await get('letter.pdf') };
  }

  /** Saves each page as test-results/screenshots/<name>-<page>.png, to be looked at. */
  function screenshot(pdf: Buffer, name: string): void {
    const file = path.join(tempDir('whyboard-pdf-'), `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', file, path.join(SCREENSHOTS, name)]);
  }

  it.each(BOARDS.map((b) => [b.language, b] as const))('prints a %s board, the customer’s name exact, in the report and the letter', async (language, b) => {
    const { report, letter } = await exportsOf(b);
    screenshot(report, `pdf-${language}-report`);
    screenshot(letter, `pdf-${language}-letter`);

    const reportText = readable(pdfText(report));
    for (const words of [b.title, b.customer, b.complaint, ...b.causes, b.evidence, b.action, b.owner]) expect(reportText).toContain(readable(words));
    const letterText = readable(pdfText(letter));
    for (const paragraph of b.letter.split('\n')) expect(letterText).toContain(readable(paragraph));
    // The title of the letter names the customer too; no glyph may be lost or replaced on the way.
    expect(letterText).toContain(b.customer);
    expect(letterText).not.toMatch(/[\ufffd\u25a1]/);
  });

  it('embeds fonts, subset to what the document uses, and keeps the PDFs small', async () => {
    const { report, letter } = await exportsOf(BOARDS.find((b) => b.language === 'japanese')!);
    const file = path.join(tempDir('whyboard-pdf-'), 'report.pdf');
    fs.writeFileSync(file, report);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // Every font embedded ("emb" yes) and subset ("sub" yes), and one of them the Japanese one.
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row, row).toMatch(/^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\b/);
    expect(fonts).toMatch(/NotoSansJP/);
    expect(fonts).not.toMatch(/Helvetica/);
    // Subsetting keeps a whole Japanese font (5 MB) out of the file.
    expect(report.byteLength).toBeLessThan(200_000);
    expect(letter.byteLength).toBeLessThan(150_000);
  });
});
