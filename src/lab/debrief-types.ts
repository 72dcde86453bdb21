/** What a scenario tells `debrief`: the follow-up questions it asks, each answered by a demo. */
export interface DebriefBook {
  questions: ReadonlyArray<{ question: string; demo: string }>;
}
