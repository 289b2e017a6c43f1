/**
 * Who is signed in. Cruddur's backend hard-codes its demo user until
 * authentication exists; so do we, in one place.
 */
export const CURRENT_USER_HANDLE = 'andrewbrown';
