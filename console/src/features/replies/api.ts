// The canned-reply routes are shared with the operators' reply box (presence/api.ts).
export {
  createCannedReply,
  deleteCannedReply,
  listCannedReplies,
  updateCannedReply,
} from '../presence/api';
