// DNS message size facts shared by the client (what it advertises) and the zone generator
// (what one answer may hold): a leaf module, no I/O.

/** EDNS0 UDP payload size (RFC 6891) recommended by DNS Flag Day 2020: no IP fragmentation. */
export const EDNS_UDP_SIZE = 1232;
