/**
 * Deepest nesting of array and key-value list attribute values kept. protobufjs stops at 100
 * levels of messages while decoding (each value level is two messages); anything deeper than this
 * is still decoded but refused, so later recursive code (validation, JSON) stays far from the stack limit.
 */
export const MAX_ATTRIBUTE_DEPTH = 16;
