/**
 * What a channel name may be: 1-100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.
 * In a module of its own (no Node built-ins), so that the editor checks channels with the server's rule.
 */
export const CHANNEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
