/**
 * The benchmark's scale from the command line: `--users N` in the database (default 100,000), `--sockets N`
 * connected (default 1,000), `--rate N` single-user events a second for `--seconds N` (default 100 for 20 s), the
 * messaging floor at the same rate. A small scale (`--users 2000 --sockets 100`) checks that it works.
 */
export type Scale = { users: number; sockets: number; rate: number; seconds: number };

export function scaleFromArgs(argv = process.argv): Scale {
  const option = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
    return value;
  };
  const scale = {
    users: option('users', 100_000),
    sockets: option('sockets', 1_000),
    rate: option('rate', 100),
    seconds: option('seconds', 20),
  };
  if (scale.sockets % 2 !== 0) throw new Error('--sockets takes an even number (client and expert pairs)');
  if (scale.sockets * 2 > scale.users) throw new Error('--users must be at least twice --sockets');
  return scale;
}
