/*
 * Child process of `npm run check` (started by lib/nb/check-runner.ts with `node --import tsx`):
 * loads a checks file and an exercise file, runs the checks whose ids it is given, in order, and
 * reports each start and result to its parent over IPC, so that the parent can stop a check that
 * runs past its time limit (an infinite loop) and go on with the next one in a fresh child.
 * argv: checksFile implFile id1,id2,… (or * for all). It first sends the list of checks, then loads
 * the exercise file.
 */
import { runChecks, hintSteps, DEFAULT_CHECK_TIMEOUT_MS, type ExerciseCheck } from "./exercises";

const send = (msg: unknown): Promise<void> => new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));

async function main(): Promise<void> {
  const [checksFile, implFile, ids] = process.argv.slice(2);
  const wanted = ids === "*" ? null : new Set((ids ?? "").split(",").filter(Boolean));
  const { checks } = require(checksFile!) as { checks: ExerciseCheck<never>[] };
  await send({ type: "checks", checks: checks.map((c) => ({ id: c.id, title: c.title, hintSteps: hintSteps(c).length })) });
  let impl: never;
  try {
    impl = require(implFile!) as never;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    await send({ type: "load-error", name: err.name, message: err.message, code: err.code });
    return;
  }
  for (const c of checks.filter((x) => !wanted || wanted.has(x.id))) {
    await send({ type: "start", id: c.id, timeoutMs: c.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
    const [r] = await runChecks([c], impl);
    await send({ type: "result", result: r });
  }
}

main().then(
  () => process.exit(0),
  async (e) => {
    await send({ type: "load-error", name: (e as Error).name, message: (e as Error).message });
    process.exit(1);
  },
);
