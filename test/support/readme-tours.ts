/** The README's tours as runnable scripts, with what each line promises (`# → …`). */

export interface TourSection {
  title: string;
  code: string;
  /** README line (1-based) of each line of `code`. */
  lines: number[];
}

export interface Tour {
  name: string;
  script: string;
  /** Script line → the texts it must print in order, or a single HTTP status ("401"). */
  expectations: Map<number, string[]>;
  readmeLine: (scriptLine: number) => number;
}

/** The ```bash blocks of every `## …tour…` section, in order. */
export function tourSections(readme: string): TourSection[] {
  const lines = readme.split('\n');
  const sections: TourSection[] = [];
  let current: TourSection | undefined;
  let inBash = false;
  lines.forEach((line, i) => {
    if (line.startsWith('## ')) {
      const title = line.slice(3).trim();
      current = /tour/i.test(title) ? { title, code: '', lines: [] } : undefined;
      if (current) sections.push(current);
    } else if (current && line.trim() === '```bash') inBash = true;
    else if (inBash && line.trim() === '```') inBash = false;
    else if (current && inBash) {
      current.code += `${line}\n`;
      current.lines.push(i + 1);
    }
  });
  return sections.filter((s) => s.code);
}

/**
 * `# → 401` promises an HTTP status; `# → FINAL` a printed text; `# → A then B` two texts in
 * order (a loop). Two spaces end the promise, so an explanation may follow it.
 */
const PROMISE = /#\s*→\s*(.+?)(?:\s{2,}.*)?$/;

export function parseTour(sections: TourSection[], name: string): Tour {
  const script = sections.map((s) => s.code).join('');
  const readmeLines = sections.flatMap((s) => s.lines);
  const expectations = new Map<number, string[]>();
  script.split('\n').forEach((line, i) => {
    const promise = PROMISE.exec(line);
    if (promise) expectations.set(i + 1, promise[1].trim().split(' then '));
  });
  return { name, script, expectations, readmeLine: (line) => readmeLines[line - 1] ?? -1 };
}
