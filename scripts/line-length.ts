/** `npm run lint` (with Biome) and verify: every source line within the limit, strings and comments too. */
import { runCli } from '../lib/cli';
import { describeLongLine, longLinesIn, MAX_LINE_LENGTH } from '../lib/verify/line-length';

runCli(`Usage: tsx scripts/line-length.ts  (lists source lines over ${MAX_LINE_LENGTH} characters)`, async () => {
  const long = longLinesIn();
  for (const l of long) console.log(describeLongLine(l));
  console.log(long.length ? `${long.length} lines over ${MAX_LINE_LENGTH} characters` : 'line lengths ok');
  if (long.length) process.exitCode = 1;
});
