import type { SessionEntry } from './session-log.js';

/** Shell words: quoting a command so it can be pasted back into a shell, and splitting `sh -c` scripts. */

const SAFE_WORD = /^[A-Za-z0-9_@%+,./:-][A-Za-z0-9_@%+,./:=-]*$/;

/** Quotes one word for a POSIX shell (bash, zsh, sh): plain when safe, '...' or $'...' otherwise. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(word)) {
    // ANSI-C quoting keeps tabs and newlines copyable and keeps escape sequences off the terminal.
    const escaped = word.replace(/[\\'\x00-\x1f\x7f]/g, (char) => {
      switch (char) {
        case '\\':
          return '\\\\';
        case "'":
          return "\\'";
        case '\n':
          return '\\n';
        case '\t':
          return '\\t';
        case '\r':
          return '\\r';
        default:
          return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
      }
    });
    return `$'${escaped}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The whole command line, program first, quoted so it can be pasted back into a shell. */
export function commandLine(entry: Pick<SessionEntry, 'argv' | 'program'>): string {
  return [entry.program ?? 'docker', ...entry.argv].map(shellQuote).join(' ');
}

/**
 * Splits a `sh -c` script into simple commands (lists of words): quotes and backslashes are
 * honoured, and ; & | && || newlines and parentheses separate commands. No expansion happens:
 * this only has to find a program and its arguments in what a shell would run.
 */
export function splitScript(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i]!;
    if (char === "'") {
      const end = script.indexOf("'", i + 1);
      word += script.slice(i + 1, end < 0 ? undefined : end);
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (char === '"') {
      inWord = true;
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === '\\' && i + 1 < script.length && '"\\$`'.includes(script[i + 1]!)) i++;
        word += script[i];
      }
    } else if (char === '\\') {
      if (i + 1 < script.length) word += script[++i];
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (';&|\n()'.includes(char)) {
      endCommand();
    } else if (char === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end - 1;
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}
