import { addressMismatchRule } from './address-mismatch.js';

export default addressMismatchRule('dns/a-record-mismatch', 'A', 'ipv4', 'RFC 1035 §3.4.1 (A RDATA); RFC 2181 §5 (an RRset is one unit)');
