/**
 * Parses a config file's text with positions, so every problem (a JSON syntax error or a schema
 * issue) can point at a line and column in the editor.
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ConfigIssue, ExperimentConfig } from './types';
import { validateConfig } from './validate';

export interface LocatedIssue extends ConfigIssue {
  /** 0-based offset and length in the text, when known. */
  offset?: number;
  length?: number;
  line?: number;
  column?: number;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** "head.layers[0].dropout" -> ["head", "layers", 0, "dropout"]. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) continue;
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** jsonc-parser's error names in words a student can act on. */
const SYNTAX_MESSAGES: Record<string, string> = {
  CommaExpected: 'a comma is missing (between two settings or two list items)',
  ColonExpected: 'a colon is missing after a setting name',
  ValueExpected: 'a value is missing (or there is a comma too many)',
  PropertyNameExpected: 'a setting name in "double quotes" is expected (or there is a comma too many)',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'there is text after the closing }',
  InvalidSymbol: 'unexpected text (names and text values need "double quotes")',
  InvalidCommentToken: 'comments are not allowed in a config',
  UnexpectedEndOfComment: 'comments are not allowed in a config',
  UnexpectedEndOfString: 'a text value is not closed with "',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidNumberFormat: 'a number is written wrongly',
};

export function syntaxMessage(code: string): string {
  return `JSON syntax error: ${SYNTAX_MESSAGES[code] ?? code}`;
}

export function parseConfigText(text: string): { config?: ExperimentConfig; raw?: unknown; issues: LocatedIssue[] } {
  const errors: ParseError[] = [];
  const raw = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    return {
      issues: errors.map((e) => ({
        path: '',
        message: syntaxMessage(printParseErrorCode(e.error)),
        offset: e.offset,
        length: e.length,
        ...lineColumn(text, e.offset),
      })),
    };
  }
  const { config, issues } = validateConfig(raw);
  if (issues.length === 0) return { config, raw, issues: [] };
  const tree = parseTree(text);
  return {
    raw,
    issues: issues.map((issue) => {
      let segments = pathSegments(issue.path);
      let node = tree && findNodeAtLocation(tree, segments);
      // A missing key points at its parent object.
      while (!node && segments.length > 0 && tree) {
        segments = segments.slice(0, -1);
        node = segments.length ? findNodeAtLocation(tree, segments) : tree;
      }
      // Point at the property's key when the value is an object, else at the value.
      const target = node?.parent?.type === 'property' && node.type === 'object' ? node.parent.children?.[0] : node;
      return target ? { ...issue, offset: target.offset, length: target.length, ...lineColumn(text, target.offset) } : issue;
    }),
  };
}
