import type { ValidationError } from 'class-validator';

/** Flattens class-validator errors into their codes (the messages), first occurrence order, no duplicates. */
export function errorCodesOf(errors: ValidationError[]): string[] {
  const codes = new Set<string>();
  const visit = (list: ValidationError[]) => {
    for (const error of list) {
      for (const code of Object.values(error.constraints ?? {})) codes.add(code);
      if (error.children?.length) visit(error.children);
    }
  };
  visit(errors);
  return [...codes];
}
