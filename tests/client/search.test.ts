import { describe, expect, it } from 'vitest';
import { matchesSearch } from '../../client/lib/SearchBox';

describe('a search box', () => {
  it('finds names however they were typed: case and accents aside (a new user’s “lukasz” missed “Łukasz”)', () => {
    expect(matchesSearch('lukasz', ['Łukasz Nowak'])).toBe(true);
    expect(matchesSearch('Łukasz', ['Lukasz Nowak'])).toBe(true);
    expect(matchesSearch('  JOSE ', ['Parcel for José Müller'])).toBe(true);
    expect(matchesSearch('muller', ['José Müller'])).toBe(true);
    expect(matchesSearch('strasse', ['Hauptstraße 5'])).toBe(true);
    expect(matchesSearch('nowak', ['Ada Obi', ''])).toBe(false);
    expect(matchesSearch('   ', ['anything'])).toBe(true);
  });
});
