// The sweeps' screens in one chunk.
export { SweepsPage } from './SweepsPage';
export { SweepRoute } from './SweepPage';
