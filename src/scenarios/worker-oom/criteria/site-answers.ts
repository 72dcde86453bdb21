import type { Criterion } from './index.js';
import { verdict } from './verdict.js';

/** The site's front page answered 200 when the lab looked: a toy criterion, to show what adding one takes. */
export const judgeSiteAnswers: Criterion = (snapshot) => {
  const status = snapshot.web.reachable ? snapshot.web.rootStatus : undefined;
  return verdict('site-answers', status === 200, [status === undefined ? 'GET / got no answer' : `GET / answered ${status}`], { hint: 'Is the site up? `docker ps`' });
};
