import { localize, parseHtml, type HtmlNode, type HtmlQuestion } from '@survey/questionnaire';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * An information block: its HTML (a closed subset, checked when the questionnaire was saved) is
 * parsed into React elements here, never given to innerHTML. Links leave without a Referer.
 */
export function HtmlBlock({ question }: { question: HtmlQuestion }) {
  const { language } = useI18n();
  const parsed = parseHtml(localize(question.html, language));
  return (
    <div className="question info-block" data-question={question.name}>
      {parsed.ok ? render(parsed.nodes) : null}
    </div>
  );
}

function render(nodes: readonly HtmlNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.kind === 'text') return node.text;
    const children = render(node.children);
    switch (node.tag) {
      case 'a':
        return (
          <a key={index} href={node.href} rel="noreferrer noopener" target="_blank">
            {children}
          </a>
        );
      case 'br':
        return <br key={index} />;
      case 'b':
        return <strong key={index}>{children}</strong>;
      case 'i':
        return <em key={index}>{children}</em>;
      default: {
        const Tag = node.tag;
        return <Tag key={index}>{children}</Tag>;
      }
    }
  });
}
