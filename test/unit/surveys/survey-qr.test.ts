import { translator } from '../../../src/i18n';
import { pointMessageText, POINT_TEXT_PATTERN } from '../../../src/features/surveys/point-text';
import { pointLabel } from '../../../src/features/surveys/survey-points';
import { pointLink, pointQrSvg, renderPointQrPng } from '../../../src/features/surveys/survey-qr';

const counter = { code: 'civil-registration-1', departmentCode: 'registration', serviceCode: 'civil-registration', counterNo: 1, serviceName: { th: 'ทะเบียนราษฎร', en: 'Civil registration' } };

describe('counter QR codes', () => {
  it('when a link is made, then it opens the OA chat with the point text, which the chat reads back', () => {
    const link = pointLink('@123abcde', 'civil-registration-1');
    expect(link).toBe(`https://line.me/R/oaMessage/%40123abcde/?${encodeURIComponent('ประเมิน จุดบริการ civil-registration-1')}`);
    expect(POINT_TEXT_PATTERN.exec(pointMessageText('civil-registration-1'))?.[1]).toBe('civil-registration-1');
  });

  it('when the card is drawn, then it says what scanning does and names the counter, with its code only in small print', async () => {
    const name = pointLabel(counter, translator('th'), 'th');
    expect(name).toBe('ทะเบียนราษฎร ช่องบริการ 1');
    const svg = await pointQrSvg('https://line.me/R/oaMessage/%40x/?y', { caption: 'สแกนเพื่อประเมินความพึงพอใจ', name, code: counter.code });
    const texts = [...svg.matchAll(/<text[^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => [m[2], Number(m[1])]);
    expect(texts).toEqual([
      ['สแกนเพื่อประเมินความพึงพอใจ', 54],
      ['ทะเบียนราษฎร ช่องบริการ 1', 54],
      ['civil-registration-1', 32],
    ]);
    const png = await renderPointQrPng('https://line.me/R/oaMessage/%40x/?y', { caption: 'ก', name, code: counter.code }, 200);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
