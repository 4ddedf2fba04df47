
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "SmsSessionEvent": [
      "SmsMessagesAdded",
      "SmsOperationFailed",
      "SmsSessionUpdated"
    ],
    "SmsTargetEntry": [
      "Contact",
      "Queue",
      "User"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "SmsSessionEvent": [
      "SmsMessagesAdded",
      "SmsOperationFailed",
      "SmsSessionUpdated"
    ],
    "SmsTargetEntry": [
      "Contact",
      "Queue",
      "User"
    ]
  }
};
      export default result;
    