// Moved to libs/test-kit; kept so relative imports of this file keep working.
export { CruddurStack } from '@cruddur/test-kit';
