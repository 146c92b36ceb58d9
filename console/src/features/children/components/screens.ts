// The register's screens in one chunk: the shared code only they use (labels, risk words) stays
// in it, out of the chunks every page loads (the public report page's budget).
export { ChildrenPage } from './ChildrenPage';
export { ChildFileRoute } from './ChildFilePage';
export { RegisterChildPage } from './RegisterChildPage';
export { VisitRoute } from './VisitPage';
