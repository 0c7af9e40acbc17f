/** One plausible wrong answer to an exercise: the functions it replaces in the reference solutions, and what the check must say. */
export interface WrongAnswer<M> {
  /** The exercise, e.g. "00.1". */
  id: string;
  /** The mistake, in words (hard-coded values, the library call instead of one's own code, off-by-one, …). */
  what: string;
  /** The learner's wrong functions (the rest of the module is the reference solution). */
  impl: Partial<M>;
  /** The failure message must match this: it names what is wrong. */
  says: RegExp;
}
