import { describe, expect, it } from 'vitest';
import { csvLine, spreadsheetText } from './csv.ts';

describe('csvLine', () => {
  it('quotes only the fields that need it and ends the line with CRLF', () => {
    expect(csvLine(['a;b', 'say "hi"', 'two\nlines', 'plain', ''])).toBe(
      '"a;b";"say ""hi""";"two\nlines";plain;\r\n',
    );
  });
});

describe('spreadsheetText', () => {
  it.each(['=1+1', '+33', '-2', '@SUM(A1)'])('leads %s with an apostrophe', (text) => {
    expect(spreadsheetText(text)).toBe(`'${text}`);
  });

  it('leaves other texts alone', () => {
    expect(spreadsheetText('Dupont & Fils')).toBe('Dupont & Fils');
  });
});
