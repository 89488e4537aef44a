import type { Rule } from '../types.js';
import { adminAccess } from './admin-access.js';

/** Every rule, in the order the README's catalog lists them. */
export const RULES: readonly Rule[] = [adminAccess];
