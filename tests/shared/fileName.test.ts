import { describe, expect, it } from 'vitest';
import { contentDisposition, fileStem } from '../../shared/fileName';

describe('file names of exports', () => {
  it('keep every letter of the title and its words apart, whatever the script', () => {
    expect(fileStem('Missed connection LIS→OSL, booking QX7Ł9Z')).toBe('Missed-connection-LIS-OSL-booking-QX7Ł9Z');
    expect(fileStem('Łukasz Wójcik: bagażu brak')).toBe('Łukasz-Wójcik-bagażu-brak');
    expect(fileStem('山田太郎様の注文')).toBe('山田太郎様の注文');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('→ ← !!!')).toBe('board');
    expect(fileStem('x'.repeat(59) + ' tail')).toBe('x'.repeat(59));
  });

  it('go in a Content-Disposition header as UTF-8, with an ASCII stand-in and nothing that breaks the header', () => {
    expect(contentDisposition('Łukasz-report.pdf')).toBe(`attachment; filename="Lukasz-report.pdf"; filename*=UTF-8''%C5%81ukasz-report.pdf`);
    expect(contentDisposition('a"b\\c.md', true)).toBe(`inline; filename="abc.md"; filename*=UTF-8''a%22b%5Cc.md`);
  });
});
