import { htmlText, parseHtml } from './html';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });

describe('parseHtml', () => {
  it('parses the allowed subset into a tree, decoding the allowed entities', () => {
    const parsed = parseHtml(
      '<p>Read <strong>this</strong> &amp; <a href="https://example.org/x?a=1&amp;b=2">that</a>.<br/></p>',
    );
    expect(parsed).toEqual({
      ok: true,
      nodes: [
        {
          kind: 'element',
          tag: 'p',
          children: [
            { kind: 'text', text: 'Read ' },
            { kind: 'element', tag: 'strong', children: [{ kind: 'text', text: 'this' }] },
            { kind: 'text', text: ' & ' },
            {
              kind: 'element',
              tag: 'a',
              href: 'https://example.org/x?a=1&b=2',
              children: [{ kind: 'text', text: 'that' }],
            },
            { kind: 'text', text: '.' },
            { kind: 'element', tag: 'br', children: [] },
          ],
        },
      ],
    });
    expect(htmlText(parsed.ok ? parsed.nodes : [])).toBe('Read this & that.');
    expect(parseHtml('<ul><li>a</li><li><em>b</em></li></ul><a href="mailto:help@example.org">mail</a>').ok).toBe(true);
  });

  it.each([
    ['a script', '<script>alert(1)</script>', 'not allowed'],
    ['an image (a third-party request)', '<img src="https://example.org/x.png">', 'not allowed'],
    ['a style attribute', '<p style="color:red">x</p>', 'attribute'],
    ['an event handler', '<p onclick="alert(1)">x</p>', 'attribute'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', 'https: or mailto:'],
    ['a plain http link', '<a href="http://example.org">x</a>', 'https: or mailto:'],
    ['a link without href', '<a>x</a>', 'without href'],
    ['an unknown entity', 'a &copy; b', 'character reference'],
    ['a bare ampersand', 'a & b', 'character reference'],
    ['an unclosed tag', '<p>x', 'open'],
    ['crossed tags', '<p><em>x</p></em>', 'not the one open'],
    ['a stray <', 'a < b', 'does not start'],
    ['a comment', '<!-- x -->', 'does not start'],
    ['a stray >', 'a > b', 'outside a tag'],
    ['single-quoted attributes', "<a href='https://example.org'>x</a>", 'does not start'],
  ])('refuses %s', (_what, html, message) => {
    const parsed = parseHtml(html);
    expect(parsed).toEqual({
      ok: false,
      error: { position: expect.any(Number), message: expect.stringContaining(message) },
    });
    if (!parsed.ok) expect(parsed.error.message).not.toContain('alert');
  });

  it('refuses nesting deeper than ten', () => {
    expect(parseHtml('<em>'.repeat(11) + 'x' + '</em>'.repeat(11)).ok).toBe(false);
    expect(parseHtml('<em>'.repeat(10) + 'x' + '</em>'.repeat(10)).ok).toBe(true);
  });
});

describe('html information blocks in questionnaires and answers', () => {
  const block = { type: 'html', name: 'info', title: en('About'), html: en('<p>Hello</p>') };
  const rating = { type: 'rating', name: 'score', title: en('Score'), rateMin: 1, rateMax: 5 };

  function check(elements: Json[]) {
    return validateQuestionnaire({ title: en('T'), pages: [{ name: 'p', elements }] }, { languages: ['en'] });
  }

  it('accepts a block, which takes no answer and can be hidden', () => {
    const result = check([rating, { ...block, visibleIf: '{score} > 2' }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.questionnaire.pages[0].elements[1]).toEqual({ ...block, visibleIf: '{score} > 2' });
    expect(validateAnswers(result.questionnaire, { score: 3 }).ok).toBe(true);
    expect(validateAnswers(result.questionnaire, { score: 3, info: 'x' })).toEqual({
      ok: false,
      errors: [{ field: 'answers.info', message: expect.stringContaining('takes no answer') }],
    });
  });

  it('refuses bad HTML by language, isRequired and description, and conditions or piping that read a block', () => {
    const result = check([
      { ...block, html: { en: '<p>ok</p>', fr: '<script>x</script>' }, isRequired: true, description: en('d') },
      { ...rating, visibleIf: '{info} notempty', title: en('After {info}') },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { field: 'pages[0].elements[0].isRequired', message: 'is not allowed here' },
        { field: 'pages[0].elements[0].description', message: 'is not allowed here' },
        { field: 'pages[0].elements[0].html.fr', message: expect.stringContaining('is not in the allowed HTML') },
      ]),
    });
    const reading = check([block, { ...rating, visibleIf: '{info} notempty' }]);
    expect(reading).toEqual({
      ok: false,
      errors: [{ field: 'pages[0].elements[1].visibleIf', message: expect.stringContaining('information block') }],
    });
    const piping = check([block, { ...rating, title: en('After {info}') }]);
    expect(piping).toEqual({
      ok: false,
      errors: [{ field: 'pages[0].elements[1].title.en', message: expect.stringContaining('information block') }],
    });
  });
});
