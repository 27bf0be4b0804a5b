/** One non-blank line of a CSV file: its 1-based line number in the file and its cells, trimmed. */
export interface CsvRow {
  line: number;
  cells: string[];
  /** Set when a quote opened on this line is never closed (cells spanning lines are not supported). */
  unclosedQuote?: true;
}

/**
 * A small CSV file as rows: commas separate cells, "quoted, cells" keep their commas and "" is a quote; a
 * byte-order mark and blank lines are skipped, and every row keeps its line number for error messages.
 */
export function csvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      rows.push(splitLine(line, i + 1));
    });
  return rows;
}

/** A header cell as a key: lower case, spaces collapsed ("Date/Time" → "date/time", " Price  INR" → "price inr"). */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, ' ');
}

function splitLine(line: string, lineNumber: number): CsvRow {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return quoted ? { line: lineNumber, cells, unclosedQuote: true } : { line: lineNumber, cells };
}
