// When the YAML parser trips over indentation it reports the lines after the mistake, several
// times ("All mapping items must start at the same column"). This finds the first real cause:
// the line whose indentation disagrees with its siblings, or that is indented under a line
// that cannot have children.

export interface IndentCause {
  line: number;
  /** 1-based column of the line's first character. */
  column: number;
  indent: number;
  expected: number;
  /** The line the expectation comes from. */
  ref: number;
  kind: 'sibling' | 'under-value';
}

interface Node {
  indent: number;
  line: number;
  opens: boolean;
  item?: boolean;
  children: { indent: number; line: number }[];
}

/** Text of a line without a trailing comment (quotes respected roughly) and trailing spaces. */
function code(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export function indentationCause(text: string): IndentCause | undefined {
  const lines = text.split(/\r?\n/);
  const root: Node = { indent: -1, line: 0, opens: true, children: [] };
  const stack: Node[] = [root];
  const all: Node[] = [root];
  let scalarAbove = -1; // inside a block scalar (| or >) whose key is at this indentation
  let flowDepth = 0;
  let under: IndentCause | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const c = code(raw);
    if (!c.trim() || c.trim() === '---') continue;
    const indent = /^ */.exec(c)![0].length;
    if (c[indent] === '\t') return undefined; // tabs are their own finding (yaml/tab)
    if (scalarAbove >= 0) {
      if (indent > scalarAbove) continue;
      scalarAbove = -1;
    }
    if (flowDepth > 0) {
      flowDepth += (c.match(/[[{]/g)?.length ?? 0) - (c.match(/[\]}]/g)?.length ?? 0);
      continue;
    }
    const item = /^-(\s|$)/.test(c.slice(indent));
    while (stack.length > 1 && stack[stack.length - 1]!.indent > indent) stack.pop();
    // "key:" followed by "- item" in the key's own column is a list under that key (YAML allows it).
    const top = stack[stack.length - 1]!;
    if (stack.length > 1 && top.indent === indent && !(item && top.opens && !top.item)) stack.pop();
    const parent = stack[stack.length - 1]!;
    const lineNo = i + 1;
    if (!parent.opens) {
      under = { line: lineNo, column: indent + 1, indent, expected: parent.indent, ref: parent.line, kind: 'under-value' };
      break;
    }
    parent.children.push({ indent, line: lineNo });
    let body = c.slice(indent);
    let at = indent;
    let node: Node = { indent, line: lineNo, opens: false, children: [] };
    // "- key: value": the item, and inside it a mapping whose keys start after "- ".
    while (/^-(\s|$)/.test(body)) {
      node.opens = true;
      node.item = true;
      stack.push(node);
      all.push(node);
      const rest = body.slice(1);
      const gap = rest.length - rest.trimStart().length;
      if (!rest.trim()) {
        node = undefined as unknown as Node;
        break;
      }
      at += 1 + gap;
      body = rest.trimStart();
      const inner: Node = { indent: at, line: lineNo, opens: false, children: [] };
      node.children.push({ indent: at, line: lineNo });
      node = inner;
    }
    if (!node) continue;
    const lastItem = stack[stack.length - 1]!;
    if (lastItem.item && lastItem.line === lineNo && !/^(?:"[^"]*"|'[^']*'|[^\s"'[{#][^:]*?):(?:\s|$)/.test(body)) {
      // "- value": a list entry holding a scalar; nothing can be nested under it.
      lastItem.opens = false;
      const flow = (body.match(/[[{]/g)?.length ?? 0) - (body.match(/[\]}]/g)?.length ?? 0);
      if (flow > 0) flowDepth = flow;
      continue;
    }
    node.opens = /:(?:\s+[&!]\S*)*$/.test(body);
    if (/:\s*[|>][-+0-9]*$/.test(body)) scalarAbove = at;
    const open = (body.match(/[[{]/g)?.length ?? 0) - (body.match(/[\]}]/g)?.length ?? 0);
    if (open > 0 && !/^["']/.test(body.replace(/^[^:]*:\s*/, ''))) flowDepth = open;
    stack.push(node);
    all.push(node);
  }
  // Siblings at different columns: the first line off the majority's column (ties: the first one's).
  let best: IndentCause | undefined;
  for (const n of all) {
    const kids = n.children;
    if (new Set(kids.map((k) => k.indent)).size < 2) continue;
    const count = new Map<number, number>();
    for (const k of kids) count.set(k.indent, (count.get(k.indent) ?? 0) + 1);
    let expected = kids[0]!.indent;
    for (const [ind, cnt] of count) if (cnt > count.get(expected)!) expected = ind;
    const off = kids.find((k) => k.indent !== expected)!;
    const ref = kids.find((k) => k.indent === expected)!;
    if (!best || off.line < best.line) best = { line: off.line, column: off.indent + 1, indent: off.indent, expected, ref: ref.line, kind: 'sibling' };
  }
  return under && (!best || under.line < best.line) ? under : best;
}
