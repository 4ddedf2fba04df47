/** Resolves once `condition` holds, checking every 10 ms; fails the test after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Condition not met within ${timeoutMs} ms: ${String(condition)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `step` (the i-th time with `i`) until `condition` holds, however many steps that takes on
 * the machine at hand; fails the test after `timeoutMs`.
 */
export async function repeatUntil(
  step: (i: number) => Promise<void>,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; !condition(); i += 1) {
    if (Date.now() > deadline)
      throw new Error(`Condition not met within ${timeoutMs} ms: ${String(condition)}`);
    await step(i);
  }
}
