export { startFixVenue, type FixVenue, type FixVenueOptions } from './venue';
