export {
  FigureAmount,
  FigureInputError,
  FIGURE_MAX_DECIMALS,
  FIGURE_MAX_INTEGER_DIGITS,
  RATIO_DECIMALS,
} from './figure-amount';
export {
  SpreadCaptureTally,
  spreadCapture,
  edgePerUnit,
  type CaptureFill,
  type FigureSide,
  type SpreadCapture,
} from './spread-capture';
export { fillRate } from './counts';
export { netPnl } from './pnl';
export { ratioOf } from './ratio';
export { ladderLevels, type LadderLevel, type LevelOrder, type LevelSide } from './ladder-levels';
export { decimalsOf, displayDecimals, formatFigure, formatPercent, type DisplayDecimals } from './display';
