// Keccak-f[1600] on a state of 50 little-endian 32-bit words (lane i = words 2i, 2i+1), unrolled
// with the state in locals: about 2.5 times faster than @noble/hashes' keccakP, and Merlin runs
// it a few times per P2P handshake on both sides (bench row 10). Generated code: theta, rho and
// pi into b, chi back into s, iota.

/** Round constants, low word then high word. */
const RC = new Uint32Array(
  [
    0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn, 0x0000000080000001n,
    0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n, 0x0000000080008009n, 0x000000008000000an,
    0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n, 0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n,
    0x000000000000800an, 0x800000008000000an, 0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
  ].flatMap((c) => [Number(c & 0xffffffffn), Number(c >> 32n)]),
);

export function keccakF1600(st: Uint32Array): void {
  let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!, s4 = st[4]!, s5 = st[5]!, s6 = st[6]!, s7 = st[7]!, s8 = st[8]!, s9 = st[9]!;
  let s10 = st[10]!, s11 = st[11]!, s12 = st[12]!, s13 = st[13]!, s14 = st[14]!, s15 = st[15]!, s16 = st[16]!, s17 = st[17]!, s18 = st[18]!, s19 = st[19]!;
  let s20 = st[20]!, s21 = st[21]!, s22 = st[22]!, s23 = st[23]!, s24 = st[24]!, s25 = st[25]!, s26 = st[26]!, s27 = st[27]!, s28 = st[28]!, s29 = st[29]!;
  let s30 = st[30]!, s31 = st[31]!, s32 = st[32]!, s33 = st[33]!, s34 = st[34]!, s35 = st[35]!, s36 = st[36]!, s37 = st[37]!, s38 = st[38]!, s39 = st[39]!;
  let s40 = st[40]!, s41 = st[41]!, s42 = st[42]!, s43 = st[43]!, s44 = st[44]!, s45 = st[45]!, s46 = st[46]!, s47 = st[47]!, s48 = st[48]!, s49 = st[49]!;
  for (let round = 0; round < 48; round += 2) {
    const c0l = s0 ^ s10 ^ s20 ^ s30 ^ s40;
    const c0h = s1 ^ s11 ^ s21 ^ s31 ^ s41;
    const c1l = s2 ^ s12 ^ s22 ^ s32 ^ s42;
    const c1h = s3 ^ s13 ^ s23 ^ s33 ^ s43;
    const c2l = s4 ^ s14 ^ s24 ^ s34 ^ s44;
    const c2h = s5 ^ s15 ^ s25 ^ s35 ^ s45;
    const c3l = s6 ^ s16 ^ s26 ^ s36 ^ s46;
    const c3h = s7 ^ s17 ^ s27 ^ s37 ^ s47;
    const c4l = s8 ^ s18 ^ s28 ^ s38 ^ s48;
    const c4h = s9 ^ s19 ^ s29 ^ s39 ^ s49;
    const d0l = c4l ^ ((c1l << 1) | (c1h >>> 31));
    const d0h = c4h ^ ((c1h << 1) | (c1l >>> 31));
    const d1l = c0l ^ ((c2l << 1) | (c2h >>> 31));
    const d1h = c0h ^ ((c2h << 1) | (c2l >>> 31));
    const d2l = c1l ^ ((c3l << 1) | (c3h >>> 31));
    const d2h = c1h ^ ((c3h << 1) | (c3l >>> 31));
    const d3l = c2l ^ ((c4l << 1) | (c4h >>> 31));
    const d3h = c2h ^ ((c4h << 1) | (c4l >>> 31));
    const d4l = c3l ^ ((c0l << 1) | (c0h >>> 31));
    const d4h = c3h ^ ((c0h << 1) | (c0l >>> 31));
    const b0 = (s0 ^ d0l);
    const b1 = (s1 ^ d0h);
    const b20 = ((s2 ^ d1l) << 1) | ((s3 ^ d1h) >>> 31);
    const b21 = ((s3 ^ d1h) << 1) | ((s2 ^ d1l) >>> 31);
    const b40 = ((s5 ^ d2h) << 30) | ((s4 ^ d2l) >>> 2);
    const b41 = ((s4 ^ d2l) << 30) | ((s5 ^ d2h) >>> 2);
    const b10 = ((s6 ^ d3l) << 28) | ((s7 ^ d3h) >>> 4);
    const b11 = ((s7 ^ d3h) << 28) | ((s6 ^ d3l) >>> 4);
    const b30 = ((s8 ^ d4l) << 27) | ((s9 ^ d4h) >>> 5);
    const b31 = ((s9 ^ d4h) << 27) | ((s8 ^ d4l) >>> 5);
    const b32 = ((s11 ^ d0h) << 4) | ((s10 ^ d0l) >>> 28);
    const b33 = ((s10 ^ d0l) << 4) | ((s11 ^ d0h) >>> 28);
    const b2 = ((s13 ^ d1h) << 12) | ((s12 ^ d1l) >>> 20);
    const b3 = ((s12 ^ d1l) << 12) | ((s13 ^ d1h) >>> 20);
    const b22 = ((s14 ^ d2l) << 6) | ((s15 ^ d2h) >>> 26);
    const b23 = ((s15 ^ d2h) << 6) | ((s14 ^ d2l) >>> 26);
    const b42 = ((s17 ^ d3h) << 23) | ((s16 ^ d3l) >>> 9);
    const b43 = ((s16 ^ d3l) << 23) | ((s17 ^ d3h) >>> 9);
    const b12 = ((s18 ^ d4l) << 20) | ((s19 ^ d4h) >>> 12);
    const b13 = ((s19 ^ d4h) << 20) | ((s18 ^ d4l) >>> 12);
    const b14 = ((s20 ^ d0l) << 3) | ((s21 ^ d0h) >>> 29);
    const b15 = ((s21 ^ d0h) << 3) | ((s20 ^ d0l) >>> 29);
    const b34 = ((s22 ^ d1l) << 10) | ((s23 ^ d1h) >>> 22);
    const b35 = ((s23 ^ d1h) << 10) | ((s22 ^ d1l) >>> 22);
    const b4 = ((s25 ^ d2h) << 11) | ((s24 ^ d2l) >>> 21);
    const b5 = ((s24 ^ d2l) << 11) | ((s25 ^ d2h) >>> 21);
    const b24 = ((s26 ^ d3l) << 25) | ((s27 ^ d3h) >>> 7);
    const b25 = ((s27 ^ d3h) << 25) | ((s26 ^ d3l) >>> 7);
    const b44 = ((s29 ^ d4h) << 7) | ((s28 ^ d4l) >>> 25);
    const b45 = ((s28 ^ d4l) << 7) | ((s29 ^ d4h) >>> 25);
    const b46 = ((s31 ^ d0h) << 9) | ((s30 ^ d0l) >>> 23);
    const b47 = ((s30 ^ d0l) << 9) | ((s31 ^ d0h) >>> 23);
    const b16 = ((s33 ^ d1h) << 13) | ((s32 ^ d1l) >>> 19);
    const b17 = ((s32 ^ d1l) << 13) | ((s33 ^ d1h) >>> 19);
    const b36 = ((s34 ^ d2l) << 15) | ((s35 ^ d2h) >>> 17);
    const b37 = ((s35 ^ d2h) << 15) | ((s34 ^ d2l) >>> 17);
    const b6 = ((s36 ^ d3l) << 21) | ((s37 ^ d3h) >>> 11);
    const b7 = ((s37 ^ d3h) << 21) | ((s36 ^ d3l) >>> 11);
    const b26 = ((s38 ^ d4l) << 8) | ((s39 ^ d4h) >>> 24);
    const b27 = ((s39 ^ d4h) << 8) | ((s38 ^ d4l) >>> 24);
    const b28 = ((s40 ^ d0l) << 18) | ((s41 ^ d0h) >>> 14);
    const b29 = ((s41 ^ d0h) << 18) | ((s40 ^ d0l) >>> 14);
    const b48 = ((s42 ^ d1l) << 2) | ((s43 ^ d1h) >>> 30);
    const b49 = ((s43 ^ d1h) << 2) | ((s42 ^ d1l) >>> 30);
    const b18 = ((s45 ^ d2h) << 29) | ((s44 ^ d2l) >>> 3);
    const b19 = ((s44 ^ d2l) << 29) | ((s45 ^ d2h) >>> 3);
    const b38 = ((s47 ^ d3h) << 24) | ((s46 ^ d3l) >>> 8);
    const b39 = ((s46 ^ d3l) << 24) | ((s47 ^ d3h) >>> 8);
    const b8 = ((s48 ^ d4l) << 14) | ((s49 ^ d4h) >>> 18);
    const b9 = ((s49 ^ d4h) << 14) | ((s48 ^ d4l) >>> 18);
    s0 = b0 ^ (~b2 & b4);
    s1 = b1 ^ (~b3 & b5);
    s2 = b2 ^ (~b4 & b6);
    s3 = b3 ^ (~b5 & b7);
    s4 = b4 ^ (~b6 & b8);
    s5 = b5 ^ (~b7 & b9);
    s6 = b6 ^ (~b8 & b0);
    s7 = b7 ^ (~b9 & b1);
    s8 = b8 ^ (~b0 & b2);
    s9 = b9 ^ (~b1 & b3);
    s10 = b10 ^ (~b12 & b14);
    s11 = b11 ^ (~b13 & b15);
    s12 = b12 ^ (~b14 & b16);
    s13 = b13 ^ (~b15 & b17);
    s14 = b14 ^ (~b16 & b18);
    s15 = b15 ^ (~b17 & b19);
    s16 = b16 ^ (~b18 & b10);
    s17 = b17 ^ (~b19 & b11);
    s18 = b18 ^ (~b10 & b12);
    s19 = b19 ^ (~b11 & b13);
    s20 = b20 ^ (~b22 & b24);
    s21 = b21 ^ (~b23 & b25);
    s22 = b22 ^ (~b24 & b26);
    s23 = b23 ^ (~b25 & b27);
    s24 = b24 ^ (~b26 & b28);
    s25 = b25 ^ (~b27 & b29);
    s26 = b26 ^ (~b28 & b20);
    s27 = b27 ^ (~b29 & b21);
    s28 = b28 ^ (~b20 & b22);
    s29 = b29 ^ (~b21 & b23);
    s30 = b30 ^ (~b32 & b34);
    s31 = b31 ^ (~b33 & b35);
    s32 = b32 ^ (~b34 & b36);
    s33 = b33 ^ (~b35 & b37);
    s34 = b34 ^ (~b36 & b38);
    s35 = b35 ^ (~b37 & b39);
    s36 = b36 ^ (~b38 & b30);
    s37 = b37 ^ (~b39 & b31);
    s38 = b38 ^ (~b30 & b32);
    s39 = b39 ^ (~b31 & b33);
    s40 = b40 ^ (~b42 & b44);
    s41 = b41 ^ (~b43 & b45);
    s42 = b42 ^ (~b44 & b46);
    s43 = b43 ^ (~b45 & b47);
    s44 = b44 ^ (~b46 & b48);
    s45 = b45 ^ (~b47 & b49);
    s46 = b46 ^ (~b48 & b40);
    s47 = b47 ^ (~b49 & b41);
    s48 = b48 ^ (~b40 & b42);
    s49 = b49 ^ (~b41 & b43);
    s0 ^= RC[round]!;
    s1 ^= RC[round + 1]!;
  }
  st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3; st[4] = s4; st[5] = s5; st[6] = s6; st[7] = s7; st[8] = s8; st[9] = s9;
  st[10] = s10; st[11] = s11; st[12] = s12; st[13] = s13; st[14] = s14; st[15] = s15; st[16] = s16; st[17] = s17; st[18] = s18; st[19] = s19;
  st[20] = s20; st[21] = s21; st[22] = s22; st[23] = s23; st[24] = s24; st[25] = s25; st[26] = s26; st[27] = s27; st[28] = s28; st[29] = s29;
  st[30] = s30; st[31] = s31; st[32] = s32; st[33] = s33; st[34] = s34; st[35] = s35; st[36] = s36; st[37] = s37; st[38] = s38; st[39] = s39;
  st[40] = s40; st[41] = s41; st[42] = s42; st[43] = s43; st[44] = s44; st[45] = s45; st[46] = s46; st[47] = s47; st[48] = s48; st[49] = s49;
}
