import { addressMismatchRule } from './address-mismatch.js';

export default addressMismatchRule('dns/aaaa-record-mismatch', 'AAAA', 'ipv6', 'RFC 3596 §2 (AAAA); RFC 2181 §5 (an RRset is one unit); RFC 5952 (address text form)');
