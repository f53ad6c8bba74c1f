/** The one helper for counted nouns, articles and name lists (shared with the tools and the other surfaces). */
export { countOf, nounFor, pluralOf, withArticle, namesOf } from '../../../agent/tools/shared/words.js';
