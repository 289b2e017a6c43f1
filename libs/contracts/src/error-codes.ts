/** Validation error codes returned in `{"errors": [...]}`, as Cruddur's backend names them. */
export const ErrorCodes = {
  messageBlank: 'message_blank',
  messageExceedMaxChars: 'message_exceed_max_chars',
  ttlBlank: 'ttl_blank',
  searchTermBlank: 'search_term_blank',
  handleBlank: 'handle_blank',
  uuidInvalid: 'uuid_invalid',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export const MAX_ACTIVITY_CHARS = 280;
export const MAX_REPLY_CHARS = 1024;
